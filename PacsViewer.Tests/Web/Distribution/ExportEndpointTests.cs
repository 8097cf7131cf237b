using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Export;
using PacsViewer.Core.Security;
using PacsViewer.Tests.Core.Distribution.Export;

namespace PacsViewer.Tests.Web.Distribution;

/// <summary>
/// Exports over HTTP, signed in: the direct ZIP download streamed while it is built, the role rules (a clinician may
/// export a finally reported study de-identified only), and an Export job run by the real runner whose ZIP its creator
/// downloads and another radiologist may not.
/// </summary>
public sealed class ExportEndpointTests : IAsyncLifetime
{
    private readonly PacsViewerWebApplicationFactory _factory = new();
    private readonly TempDirectory _files = new();
    private string _study = "";
    private int _objects;

    public async Task InitializeAsync()
    {
        // The demo MR (24 slices) in the archive, its report signed Final so that a clinician has access.
        var paths = StudyZipWriterTests.WriteDemoFiles(_files.Path, count: 24);
        var archive = _factory.Services.GetRequiredService<LocalArchive>();
        foreach (var path in paths)
        {
            var result = await archive.AddAsync(DicomFile.Open(path));
            Assert.True(result.IsInArchive, result.ToString());
        }
        _study = DicomFile.Open(paths[0]).Dataset.GetFirstString(DicomTags.StudyInstanceUID)!;
        var seeder = new ReportSeeder(_factory.Services);
        var key = await seeder.AddStudyAsync(_study, "DEMO^MR", "DEMO-MR");
        await seeder.FinalAsync(key, "Synthetic findings.", "Synthetic impression.");
        // The signed report is delivered into the study as an SR by the outbox: wait for it, so every test sees 25 objects.
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((_objects = (await ExportPlanner.PlanAsync(archive, _study, null, wait.Token)).Count) <= paths.Count)
        {
            await Task.Delay(100, wait.Token);
        }
        Assert.Equal(paths.Count + 1, _objects);
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        _files.Dispose();
        return Task.CompletedTask;
    }

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await AppSignIn.SignInAsync(client, user);
        return client;
    }

    private string ExportUrl(bool deidentify) => $"/api/sources/archive/studies/{_study}/export.zip?deidentify={(deidentify ? "true" : "false")}";

    private async Task<List<AuditEvent>> ExportAuditAsync()
    {
        await using var db = _factory.Services.GetRequiredService<PacsViewerDatabase>().CreateContext();
        return await db.AuditEvents.AsNoTracking().Where(e => e.Action == AuditActions.StudyExported).ToListAsync();
    }

    [Fact]
    public async Task DirectExport_Radiologist_StreamsZipWithDicomDirAndAudits()
    {
        using var client = await ClientAsync(AppSignIn.Radiologist);
        using var response = await client.GetAsync(ExportUrl(deidentify: false), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Content.Headers.ContentLength); // streamed while built
        Assert.Matches("^attachment; filename=\"study-[0-9]{8}-[0-9]{6}\\.zip\"$", response.Content.Headers.ContentDisposition?.ToString() ?? "");
        await using var body = new MemoryStream();
        await (await response.Content.ReadAsStreamAsync()).CopyToAsync(body);
        body.Position = 0;
        await using var zip = new ZipArchive(body, ZipArchiveMode.Read);
        Assert.Equal(_objects + 1, zip.Entries.Count);
        Assert.Equal(StudyZipWriter.DicomDirEntryName, zip.Entries[^1].FullName);
        await using var first = await zip.Entries[0].OpenAsync();
        var file = await DicomFile.ReadAsync(first);
        Assert.Equal("DEMO^MR", file.Dataset.GetString(DicomTags.PatientName));

        var audit = Assert.Single(await ExportAuditAsync());
        Assert.Equal((AppSignIn.Radiologist, _study, AuditOutcome.Success), (audit.UserName, audit.StudyInstanceUid, audit.Outcome));
    }

    [Fact]
    public async Task DirectExport_ClinicianIdentified_RefusedButDeidentifiedAllowed()
    {
        using var client = await ClientAsync(AppSignIn.Clinician);
        using var refused = await client.GetAsync(ExportUrl(deidentify: false));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Export not allowed", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var allowed = await client.GetAsync(ExportUrl(deidentify: true) + "&pseudonym=CASE-42");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        await using var zip = new ZipArchive(await allowed.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        await using var first = await zip.Entries[0].OpenAsync();
        var file = await DicomFile.ReadAsync(first);
        Assert.Equal("CASE-42", file.Dataset.GetString(DicomTags.PatientName));
        Assert.NotEqual(_study, file.Dataset.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal("YES", file.Dataset.GetString(DicomTags.PatientIdentityRemoved));

        var audit = await ExportAuditAsync();
        Assert.Contains(audit, a => a.UserName == AppSignIn.Clinician && a.Outcome == AuditOutcome.MinorFailure);
        Assert.Contains(audit, a => a.UserName == AppSignIn.Clinician && a.Outcome == AuditOutcome.Success && a.Detail!.Contains("de-identified", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExportJob_RunByTheRunner_ZipDownloadableByItsCreatorOnlyOnceFinished()
    {
        var exports = _factory.Services.GetRequiredService<ExportService>();
        var radiologist = ReportSeeder.Radiologist;
        var id = await exports.QueueAsync(radiologist, "archive", _study, null, new ExportJobParameters(Deidentify: true, Pseudonym: "JOB-1"));

        var jobs = _factory.Services.GetRequiredService<TransferJobService>();
        await _factory.Services.GetRequiredService<TransferJobRunner>().RunDueAsync();
        TransferJob? job = null;
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
        {
            // The hosted runner may have taken the job first: wait for it to finish (a hang fails the test).
            while ((job = await jobs.GetAsync(id, radiologist, wait.Token))!.State is TransferJobState.Queued or TransferJobState.Running)
            {
                await Task.Delay(100, wait.Token);
            }
        }
        Assert.True(job.State == TransferJobState.Succeeded, $"{job.State}: {job.LastError}");
        Assert.Equal((_objects, _objects, 0), (job.TotalObjects, job.DoneObjects, job.FailedObjects));
        Assert.NotNull(job.ResultPath);
        Assert.False(File.Exists(job.ResultPath + ".part"));

        using var other = await ClientAsync(AppSignIn.Radiologist2);
        using var notTheirs = await other.GetAsync($"/api/jobs/{id}/result");
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);

        using var client = await ClientAsync(AppSignIn.Radiologist);
        using var response = await client.GetAsync($"/api/jobs/{id}/result");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"export-{id}", (response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName ?? "")
            .Trim('"')[..$"export-{id}".Length]);
        await using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        Assert.Equal(_objects + 1, zip.Entries.Count);
        await using var first = await zip.Entries[0].OpenAsync();
        Assert.Equal("JOB-1", (await DicomFile.ReadAsync(first)).Dataset.GetString(DicomTags.PatientID));
        Assert.Contains(await ExportAuditAsync(), a => a.ObjectId == id.ToString(System.Globalization.CultureInfo.InvariantCulture) && a.Detail == "export job's ZIP downloaded");

        // Retried (queued again): its earlier ZIP is still on disk but is not served while the job runs again.
        await using (var db = _factory.Services.GetRequiredService<PacsViewerDatabase>().CreateContext())
        {
            await db.TransferJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, TransferJobState.Queued)
                .SetProperty(j => j.NextAttemptAt, DateTimeOffset.UtcNow.AddDays(1)));
        }
        Assert.True(File.Exists(job.ResultPath));
        using var whileRetried = await client.GetAsync($"/api/jobs/{id}/result");
        Assert.Equal(HttpStatusCode.Conflict, whileRetried.StatusCode);
    }
}
