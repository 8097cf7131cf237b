using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PacsViewer.Core;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Reporting.Export;
using PacsViewer.Core.Viewing.StructuredReports;

namespace PacsViewer.Tests.Core.Reporting.Export;

/// <summary>The exports as AddPacsViewerCore wires them, delivering to the built-in archive.</summary>
public sealed class ReportExportRegistrationTests : IDisposable
{
    private readonly TempDirectory _temp = new("pacsviewer-report-di-");

    public void Dispose() => _temp.Dispose();

    private ServiceProvider Build(Dictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Archive:Path"] = _temp.File("archive"),
            ["ConnectionStrings:PacsViewer"] = $"Data Source={_temp.File("index.db")}",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return new ServiceCollection()
            .AddPacsViewerCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public async Task DeliverAsync_BuiltInArchiveSource_StoresTheSrWithTheConfiguredOrganization()
    {
        await using var provider = Build(new() { ["Reporting:Export:Organization"] = "Synthetic Imaging Centre" });
        var archive = provider.GetRequiredService<LocalArchive>();
        await archive.InitializeAsync();
        var report = ReportSamples.WithAddendum(ReportSamples.Final(ReportSamples.NewUid(), sourceName: archive.Id));

        await provider.GetRequiredService<IReportDelivery>().DeliverAsync(report, CancellationToken.None);

        var study = report.Study.StudyInstanceUid;
        var stored = await archive.GetInstanceAsync(new InstanceKey(study, ReportDocumentUids.SeriesInstanceUid(study),
            ReportDocumentUids.SopInstanceUid(report.ReportId, 2)));
        var verifiers = stored.Dataset.GetSequence(DicomTags.VerifyingObserverSequence);
        Assert.Equal(["Synthetic Imaging Centre", "Synthetic Imaging Centre"], verifiers.Select(v => v.GetString(DicomTags.VerifyingOrganization)!));
        Assert.Contains(ReportSamples.AddendumText, SrDocumentReader.Read(stored.Dataset).Text, StringComparison.Ordinal);
        Assert.IsType<PacsReportDelivery>(provider.GetRequiredService<IReportDelivery>());
    }

    [Fact]
    public async Task ReportExporter_FromContainer_MakesAllThreeExports()
    {
        await using var provider = Build([]);
        var exporter = provider.GetRequiredService<IReportExporter>();
        var report = ReportSamples.Final(ReportSamples.NewUid());

        var pdf = exporter.ExportPdf(report);
        using var streamed = new MemoryStream();
        await exporter.WritePdfAsync(report, streamed, CancellationToken.None);
        var json = exporter.ExportFhirJson(report, includePdf: true);
        var sr = exporter.ExportSr(report);
        using var srBytes = new MemoryStream();
        await exporter.WriteSrAsync(report, srBytes, CancellationToken.None);

        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(streamed.ToArray(), 0, 5));
        Assert.Contains("\"resourceType\": \"DiagnosticReport\"", json, StringComparison.Ordinal);
        Assert.Contains("\"contentType\": \"application/pdf\"", json, StringComparison.Ordinal);
        Assert.Equal(ReportDocumentUids.SopInstanceUid(report.ReportId, 1), sr.SopInstanceUid);
        Assert.Equal("DICM", System.Text.Encoding.ASCII.GetString(srBytes.ToArray(), 128, 4));
    }

    [Fact]
    public async Task AddPacsViewerCore_NegativeSeriesNumber_FailsValidation()
    {
        await using var provider = Build(new() { ["Reporting:Export:SeriesNumber"] = "-1" });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<BasicTextSrWriter>());

        Assert.Contains("Reporting:Export:SeriesNumber", e.Message, StringComparison.Ordinal);
    }
}
