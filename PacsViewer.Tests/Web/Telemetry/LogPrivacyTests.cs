using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Reporting;

namespace PacsViewer.Tests.Web.Telemetry;

/// <summary>
/// No patient data or report text in logs (issue 7): with every category logged at Debug into a capturing provider,
/// a radiologist searches (by name, in a POST body), opens the study's model, renders and measures a frame, and a
/// report is drafted and signed Final; no log entry holds the patient's name or ID or any of the report's text, while
/// the requests themselves were logged (their UIDs are there).
/// </summary>
public sealed class LogPrivacyTests : IAsyncLifetime
{
    private const string FamilyName = "Quokkaford";
    private const string PatientName = FamilyName + "^Philippa";
    private const string PatientId = "PVLOG-47110815";
    private const string Findings = "Glimmering zebrastripe artefact over the left hemithorax";
    private const string Impression = "Quixotically benign appearance";

    private readonly CapturingLoggerProvider _logs = new();
    private readonly PacsViewerWebApplicationFactory _factory;

    public LogPrivacyTests()
    {
        _factory = new PacsViewerWebApplicationFactory
        {
            ConfigureTestServices = services =>
            {
                services.AddSingleton<ILoggerProvider>(_logs);
                services.AddLogging(logging => logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Debug));
            },
        };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ViewingAndSigning_EveryCategoryAtDebug_NoPatientDataOrReportTextInLogs()
    {
        using var client = _factory.CreateClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Radiologist);
        var sample = DicomFile.Open(TestFiles.Sample("ct/CT2_RLE.dcm"));
        var dataset = new DicomDatasetBuilder(sample.Dataset)
            .Set(DicomTags.PatientName, PatientName)
            .Set(DicomTags.PatientID, PatientId)
            .ToDataset();
        await _factory.Services.GetRequiredService<LocalArchive>().StoreAsync(new DicomFile(sample.FileMetaInformation, dataset, sample.TransferSyntax));
        var study = dataset.GetFirstString(DicomTags.StudyInstanceUID)!;
        var instance = $"/api/sources/archive/studies/{study}/series/{dataset.GetFirstString(DicomTags.SeriesInstanceUID)}/instances/{sample.SopInstanceUid}";

        using var search = await client.PostAsJsonAsync(new Uri("/api/sources/archive/studies/search", UriKind.Relative), new { patientName = FamilyName + "*" });
        var found = await search.Content.ReadAsStringAsync();
        using var model = await client.GetAsync(new Uri($"/api/sources/archive/studies/{study}/model", UriKind.Relative));
        var modelJson = await model.Content.ReadAsStringAsync();
        using var frame = await client.GetAsync(new Uri(instance + "/frames/1/rendered?window=40,400&format=png", UriKind.Relative));
        using var stats = await client.GetAsync(new Uri(instance + "/frames/1/stats?shape=rect&roi=10,10,20,20", UriKind.Relative));
        var seeder = new ReportSeeder(_factory.Services);
        var key = await seeder.AddStudyAsync(study, PatientName, PatientId);
        var reportId = await seeder.FinalAsync(key, Findings, Impression);
        var signed = await _factory.Services.GetRequiredService<ReportService>().GetForStudyAsync(key, ReportSeeder.Radiologist);

        // The actions really happened, with the patient's data and the report's text in their answers.
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Contains(study, found, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.Contains(FamilyName, modelJson, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal(ReportStatus.Final, signed!.Status);
        Assert.Equal(reportId, signed.Id);
        // The requests were logged (their paths carry the Study Instance UID)...
        var entries = _logs.Entries;
        Assert.Contains(entries, e => e.Contains(study, StringComparison.Ordinal));
        // ...and nothing identifying the patient or quoting the report was.
        foreach (var secret in new[] { FamilyName, "Philippa", PatientId, "zebrastripe", "hemithorax", "Quixotically" })
        {
            var leaks = entries.Where(e => e.Contains(secret, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(leaks.Count == 0, $"'{secret}' appears in {leaks.Count} log entries, e.g.: {leaks.FirstOrDefault()}");
        }
    }
}
