using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Security;
using PacsViewer.Tests.Core.Distribution.Upload;

namespace PacsViewer.Tests.Web.Upload;

/// <summary>
/// The Upload permission an admin sets (Admin > Distribution permissions) governs, in the real app, all three: the menu's
/// Upload link, the Upload page's drop zone and <c>POST /api/uploads</c>.
/// </summary>
public sealed class UploadPermissionTests : IDisposable
{
    private readonly PacsViewerWebApplicationFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private Task AllowUploadAsync(params string[] roles) =>
        _factory.Services.GetRequiredService<DistributionPermissionService>().SetAsync(DistributionAction.Upload, roles, ReportSeeder.User(AppSignIn.Admin, PacsRoles.Admin));

    private static bool HasUploadLink(string html) => html.Contains("href=\"upload\"", StringComparison.Ordinal);

    [Fact]
    public async Task Upload_AdminAllowsClinician_ClinicianSeesLinkAndDropZoneAndUploads()
    {
        await AllowUploadAsync(PacsRoles.Radiologist, PacsRoles.Clinician, PacsRoles.Admin);
        var client = await UploadClient.SignInAsync(_factory, AppSignIn.Clinician);

        var patients = await client.Http.GetStringAsync(new Uri("/patients", UriKind.Relative));
        var upload = await client.Http.GetStringAsync(new Uri("/upload", UriKind.Relative));
        var jobId = await client.UploadAsync("archive", ("one.dcm", UploadTestFiles.Good().Bytes));
        var status = await client.FinishedAsync(jobId);

        Assert.True(HasUploadLink(patients));
        Assert.Contains("data-testid=\"upload-drop\"", upload, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"upload-denied\"", upload, StringComparison.Ordinal);
        Assert.Equal("Succeeded", status.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Upload_AdminRemovesRadiologist_RadiologistHasNoLinkNoDropZoneAnd403()
    {
        await AllowUploadAsync(PacsRoles.Admin);
        var client = await UploadClient.SignInAsync(_factory, AppSignIn.Radiologist);

        var worklist = await client.Http.GetStringAsync(new Uri("/worklist", UriKind.Relative));
        var upload = await client.Http.GetStringAsync(new Uri("/upload", UriKind.Relative));
        var token = AppSignIn.AntiforgeryTokenIn(worklist); // the page gives no drop zone token: the sign-out form's is as valid
        using var response = await client.PostAsync("archive", [("one.dcm", UploadTestFiles.Good().Bytes)], token);

        Assert.False(HasUploadLink(worklist));
        Assert.Contains("href=\"jobs\"", worklist, StringComparison.Ordinal); // the rest of the menu is there
        Assert.Contains("data-testid=\"upload-denied\"", upload, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"upload-drop\"", upload, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
