using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PacsViewer.Core.Security;
using PacsViewer.Web.Components.Layout;

namespace PacsViewer.Tests.Web;

public sealed class NavMenuTests
{
    private static BunitContext NewContext(string? userName = null, params string[] roles)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var auth = ctx.AddAuthorization();
        if (userName is not null)
        {
            auth.SetAuthorized(userName).SetRoles(roles);
        }
        return ctx;
    }

    private static string[] Links(IRenderedComponent<NavMenu> cut) =>
        cut.FindAll("a.mud-nav-link").Select(a => $"{a.TextContent.Trim()}={a.GetAttribute("href")}").ToArray();

    [Theory]
    [InlineData("worklist", "Worklist")]
    [InlineData("patients", "Patients")]
    [InlineData("studies", "Studies")]
    [InlineData("admin", "Admin")]
    public async Task Render_CurrentUriIsFeature_MarksOnlyThatLinkActive(string path, string expectedActive)
    {
        await using var ctx = NewContext("admin", PacsRoles.Admin);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(path);

        var cut = ctx.Render<NavMenu>();

        var active = cut.FindAll("a.mud-nav-link.active");
        Assert.Single(active);
        Assert.Equal(expectedActive, active[0].TextContent.Trim());
    }

    [Fact]
    public async Task Render_CurrentUriIsRoot_MarksHomeActive()
    {
        await using var ctx = NewContext();

        var cut = ctx.Render<NavMenu>();

        var active = cut.FindAll("a.mud-nav-link.active");
        Assert.Single(active);
        Assert.Equal("Home", active[0].TextContent.Trim());
    }

    [Fact]
    public async Task Render_SignedOut_ShowsHomeOnly()
    {
        await using var ctx = NewContext();

        var cut = ctx.Render<NavMenu>();

        Assert.Equal(["Home="], Links(cut));
    }

    [Fact]
    public async Task Render_Clinician_ShowsPatientsButNoWorklistOrAdmin()
    {
        await using var ctx = NewContext("clinician", PacsRoles.Clinician);

        var cut = ctx.Render<NavMenu>();

        Assert.Equal(["Home=", "Patients=patients", "Studies=studies", "Jobs=jobs"], Links(cut));
    }

    [Fact]
    public async Task Render_Radiologist_ShowsWorklistAndPatientsButNoAdmin()
    {
        await using var ctx = NewContext("radiologist", PacsRoles.Radiologist);

        var cut = ctx.Render<NavMenu>();

        Assert.Equal(["Home=", "Worklist=worklist", "Patients=patients", "Studies=studies", "Jobs=jobs"], Links(cut));
    }

    [Fact]
    public async Task Render_Admin_ShowsEveryLink()
    {
        await using var ctx = NewContext("admin", PacsRoles.Admin);

        var cut = ctx.Render<NavMenu>();

        Assert.Equal(["Home=", "Worklist=worklist", "Patients=patients", "Studies=studies", "Jobs=jobs", "Admin=admin", "PACS connections=admin/pacs", "Audit trail=admin/audit"], Links(cut));
    }
}
