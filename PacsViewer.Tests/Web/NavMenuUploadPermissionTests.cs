using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PacsViewer.Core.Data;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Security;
using PacsViewer.Tests.Core.Distribution;
using PacsViewer.Web.Components.Layout;

namespace PacsViewer.Tests.Web;

/// <summary>
/// The menu's Upload link follows the Upload permission an admin sets (the real permission service over a SQLite app
/// database), not fixed roles; <see cref="NavMenuTests"/> covers the other links and the defaults.
/// </summary>
public sealed class NavMenuUploadPermissionTests : TransferJobTestBase
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private BunitContext NewContext(string userName, string role)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(Get<IDistributionPermissions>());
        ctx.AddAuthorization().SetAuthorized(userName).SetRoles(role);
        return ctx;
    }

    /// <summary>The menu's links once the Upload permission was checked (the menu says so in <c>data-upload</c>).</summary>
    private static string[] Links(IRenderedComponent<NavMenu> cut, string expectedUpload)
    {
        cut.WaitForAssertion(() => Assert.NotEqual("pending", cut.Find("[data-upload]").GetAttribute("data-upload")), TimeSpan.FromSeconds(30));
        Assert.Equal(expectedUpload, cut.Find("[data-upload]").GetAttribute("data-upload"));
        return cut.FindAll("a.mud-nav-link").Select(a => a.TextContent.Trim()).ToArray();
    }

    [Fact]
    public async Task Render_ClinicianAllowedToUpload_ShowsUploadLink()
    {
        await Get<DistributionPermissionService>().SetAsync(DistributionAction.Upload, [PacsRoles.Radiologist, PacsRoles.Clinician, PacsRoles.Admin], Admin);
        await using var ctx = NewContext("clinician", PacsRoles.Clinician);

        var cut = ctx.Render<NavMenu>();

        Assert.Equal(["Home", "Patients", "Studies", "Upload", "Jobs"], Links(cut, "allowed"));
        Assert.Equal("upload", cut.Find("a.mud-nav-link[href=upload]").GetAttribute("href"));
    }

    [Fact]
    public async Task Render_ClinicianWithDefaultPermissions_HidesUploadLink()
    {
        await using var ctx = NewContext("clinician", PacsRoles.Clinician);

        var cut = ctx.Render<NavMenu>();

        Assert.Equal(["Home", "Patients", "Studies", "Jobs"], Links(cut, "denied"));
        Assert.False(await Get<IDistributionPermissions>().IsAllowedAsync(Clinician, DistributionAction.Upload));
    }

    [Fact]
    public async Task Render_RadiologistNoLongerAllowedToUpload_HidesUploadLink()
    {
        await Get<DistributionPermissionService>().SetAsync(DistributionAction.Upload, [PacsRoles.Admin], Admin);
        await using var ctx = NewContext("radiologist", PacsRoles.Radiologist);

        var cut = ctx.Render<NavMenu>();

        Assert.Equal(["Home", "Worklist", "Patients", "Studies", "Jobs"], Links(cut, "denied"));
        Assert.Empty(cut.FindAll("a.mud-nav-link[href=upload]"));
    }

    [Fact]
    public async Task Render_AdminWhenOnlyClinicianMayUpload_HidesUploadLinkFromAdmin()
    {
        await Get<DistributionPermissionService>().SetAsync(DistributionAction.Upload, [PacsRoles.Clinician], Admin);
        await using var ctx = NewContext("admin", PacsRoles.Admin);

        var cut = ctx.Render<NavMenu>();

        Assert.Equal(["Home", "Worklist", "Patients", "Studies", "Jobs", "Admin", "PACS connections", "Audit trail", "Storage"], Links(cut, "denied"));
    }
}
