using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Distribution.Upload;
using PacsViewer.Tests.Core.Distribution.Upload;

namespace PacsViewer.Tests.Web.Upload;

/// <summary>The upload API signed in, through the real job runner into the built-in archive.</summary>
public sealed class UploadEndpointsTests : IDisposable
{
    private readonly PacsViewerWebApplicationFactory _factory = new()
    {
        ConfigureTestServices = services => services.Configure<UploadOptions>(o => o.MaxFileBytes = 64 * 1024),
    };

    public void Dispose() => _factory.Dispose();

    private static Dictionary<string, JsonElement> ItemsByLabel(JsonElement status) =>
        status.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("label").GetString()!, i => i);

    private static (string State, string? Error) Outcome(Dictionary<string, JsonElement> items, string label) =>
        (items[label].GetProperty("state").GetString()!, items[label].GetProperty("error").GetString());

    [Fact]
    public async Task Upload_MixedGoodAndCorruptSet_EachFileReportedAndGoodOnesInTheArchive()
    {
        var client = await UploadClient.SignInAsync(_factory, AppSignIn.Radiologist);
        var (good1, study, sop1) = UploadTestFiles.Good(instance: 1);
        var (good2, _, sop2) = UploadTestFiles.Good(study, instance: 2);
        var (zipped, zippedStudy, zippedSop) = UploadTestFiles.Good();
        var zip = UploadTestFiles.Zip(("study/zipped.dcm", zipped), ("../evil", UploadTestFiles.NotDicom()), ("short.dcm", UploadTestFiles.ShortPixelData()));

        var jobId = await client.UploadAsync("archive",
            ("one.dcm", good1), ("two.dcm", good2), ("notes.txt", UploadTestFiles.NotDicom()), ("cut.dcm", UploadTestFiles.Truncated()),
            ("nouid.dcm", UploadTestFiles.MissingSopInstanceUid()), ("again.dcm", good1), ("set.zip", zip));
        var status = await client.FinishedAsync(jobId);

        Assert.Equal("PartlyFailed", status.GetProperty("state").GetString());
        var items = ItemsByLabel(status);
        Assert.Equal(9, items.Count);
        Assert.Equal(("Done", null), Outcome(items, "one.dcm"));
        Assert.Equal(("Done", null), Outcome(items, "two.dcm"));
        Assert.Equal(("Done", null), Outcome(items, "set.zip: study/zipped.dcm"));
        Assert.Equal(("Skipped", "already stored"), Outcome(items, "again.dcm"));
        Assert.Equal(("Failed", "not a DICOM file: no DICM prefix"), Outcome(items, "notes.txt"));
        Assert.Equal(("Failed", "not a DICOM file: no DICM prefix"), Outcome(items, "set.zip: ../evil"));
        Assert.Equal(("Failed", "missing SOP Instance UID"), Outcome(items, "nouid.dcm"));
        Assert.StartsWith("truncated at byte ", Outcome(items, "cut.dcm").Error, StringComparison.Ordinal);
        Assert.StartsWith("Pixel Data holds 32 bytes", Outcome(items, "set.zip: short.dcm").Error, StringComparison.Ordinal);

        // The good ones are in the built-in archive, read back by their UIDs.
        Assert.Equal(new[] { sop1, sop2 }.Order(StringComparer.Ordinal), await SopsInArchiveAsync(study));
        Assert.Equal([zippedSop], await SopsInArchiveAsync(zippedStudy));

        // Every staged file is gone once its item is final; nothing was written outside the staging folder.
        var folder = _factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<UploadOptions>>().Value.Folder;
        Assert.Empty(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(folder)!, "evil")));

        // Audited: who uploaded which study where.
        await using var db = _factory.Services.GetRequiredService<PacsViewerDatabase>().CreateContext();
        var audit = await db.AuditEvents.AsNoTracking().Where(e => e.Action == AuditActions.ObjectsUploaded && e.StudyInstanceUid == study).ToListAsync();
        var row = Assert.Single(audit);
        Assert.Equal(("radiologist", "archive", "2 object(s) uploaded to archive"), (row.UserName, row.SourceName, row.Detail));
    }

    private async Task<IReadOnlyList<string>> SopsInArchiveAsync(string study)
    {
        var archive = _factory.Services.GetRequiredService<LocalArchive>();
        var sops = new List<string>();
        await foreach (var series in archive.SearchSeriesAsync(study))
        {
            await foreach (var instance in archive.SearchInstancesAsync(study, series.GetFirstString(DicomTags.SeriesInstanceUID)!))
            {
                sops.Add(instance.GetFirstString(DicomTags.SOPInstanceUID)!);
            }
        }
        return sops.Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Upload_Clinician_Forbidden()
    {
        var client = await UploadClient.SignInAsync(_factory, AppSignIn.Clinician);
        // The Upload page shows a clinician no drop zone: the token of the menu's sign-out form is as valid.
        var token = AppSignIn.AntiforgeryTokenIn(await client.Http.GetStringAsync(new Uri("/patients", UriKind.Relative)));

        using var response = await client.PostAsync("archive", [("one.dcm", UploadTestFiles.Good().Bytes)], token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("may not upload", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadPage_Clinician_SaysNotAllowedWithoutDropZone()
    {
        var client = await UploadClient.SignInAsync(_factory, AppSignIn.Clinician);

        var html = await client.Http.GetStringAsync(new Uri("/upload", UriKind.Relative));

        Assert.Contains("data-testid=\"upload-denied\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"upload-drop\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_FileOverTheLimit_413NamingTheLimit()
    {
        var client = await UploadClient.SignInAsync(_factory, AppSignIn.Radiologist);

        using var response = await client.PostAsync("archive", [("big.dcm", new byte[100_000])], await client.TokenAsync());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The file 'big.dcm' is larger than the limit of 65536 bytes per file.", problem.GetProperty("detail").GetString());
        var folder = _factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<UploadOptions>>().Value.Folder;
        Assert.Empty(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Upload_WithoutAntiforgeryToken_400()
    {
        var client = await UploadClient.SignInAsync(_factory, AppSignIn.Radiologist);

        using var response = await client.PostAsync("archive", [("one.dcm", UploadTestFiles.Good().Bytes)], token: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_UnknownDestination_400()
    {
        var client = await UploadClient.SignInAsync(_factory, AppSignIn.Radiologist);

        using var response = await client.PostAsync("nowhere", [("one.dcm", UploadTestFiles.Good().Bytes)], await client.TokenAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Unknown destination", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_SignedOut_401()
    {
        using var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var content = new MultipartFormDataContent { { new ByteArrayContent([1, 2]), "files", "x.dcm" } };

        using var response = await client.PostAsync(new Uri("/api/uploads?destination=archive", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetUpload_AnotherUsersJob_404()
    {
        var radiologist = await UploadClient.SignInAsync(_factory, AppSignIn.Radiologist);
        var jobId = await radiologist.UploadAsync("archive", ("one.dcm", UploadTestFiles.Good().Bytes));
        var other = await UploadClient.SignInAsync(_factory, AppSignIn.Radiologist2);

        using var response = await other.Http.GetAsync(new Uri($"/api/uploads/{jobId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SweepOrphans_OldUnneededFolder_DeletedFreshOneKept()
    {
        var uploads = _factory.Services.GetRequiredService<UploadService>();
        var old = Directory.CreateDirectory(Path.Combine(uploads.Options.Folder, "old-batch"));
        await File.WriteAllBytesAsync(Path.Combine(old.FullName, "000001.part"), [1, 2, 3]);
        Directory.SetLastWriteTimeUtc(old.FullName, DateTime.UtcNow - uploads.Options.OrphanAge - TimeSpan.FromHours(1));
        var fresh = Directory.CreateDirectory(Path.Combine(uploads.Options.Folder, "fresh-batch"));

        var deleted = await uploads.SweepOrphansAsync();

        Assert.Equal(1, deleted);
        Assert.False(Directory.Exists(old.FullName));
        Assert.True(Directory.Exists(fresh.FullName));
    }
}
