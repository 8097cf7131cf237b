using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PacsViewer.Web.Components.Layout;

namespace PacsViewer.Tests.Web;

public sealed class MainLayoutTests
{
    [Fact]
    public async Task Render_WithBody_ShowsAppBarTitleNavLinksAndBody()
    {
        await using var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.AddAuthorization();

        var cut = ctx.Render<MainLayout>(p => p.Add(
            l => l.Body,
            (RenderFragment)(b => b.AddMarkupContent(0, "<p id=\"page-body\">page content</p>"))));

        Assert.Equal("PacsViewer", cut.Find(".mud-appbar [data-testid=app-title]").TextContent.Trim());

        // Signed out: the links that need a role (Worklist, Patients, Studies, Admin) are hidden; NavMenuTests covers each role.
        var links = cut.FindAll(".mud-drawer nav a.mud-nav-link");
        Assert.Equal(
            ["Home"],
            links.Select(a => a.TextContent.Trim()).ToArray());
        Assert.Equal(
            [""],
            links.Select(a => a.GetAttribute("href") ?? "(none)").ToArray());

        Assert.Equal("page content", cut.Find(".mud-main-content #page-body").TextContent);
    }

    [Fact]
    public async Task ToggleButton_Click_FlipsDrawerOpenState()
    {
        await using var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.AddAuthorization();

        var cut = ctx.Render<MainLayout>();
        // The responsive drawer's first state depends on the viewport breakpoint, so start from whatever it is.
        var initiallyOpen = IsDrawerOpen(cut);

        await cut.Find("button[data-testid=nav-toggle]").ClickAsync(new());
        Assert.Equal(!initiallyOpen, IsDrawerOpen(cut));

        await cut.Find("button[data-testid=nav-toggle]").ClickAsync(new());
        Assert.Equal(initiallyOpen, IsDrawerOpen(cut));
    }

    [Fact]
    public async Task Render_SignedIn_ShowsUserNameAndSignOutFormWithAntiforgery()
    {
        await using var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.AddAuthorization().SetAuthorized("radiologist").SetRoles("Radiologist");
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("worklist");

        var cut = ctx.Render<MainLayout>();

        Assert.Equal(
            ["Home", "Worklist", "Patients", "Studies", "Jobs"],
            cut.FindAll(".mud-drawer nav a.mud-nav-link").Select(a => a.TextContent.Trim()).ToArray());

        Assert.Equal("radiologist", cut.Find("[data-testid=signed-in-user]").TextContent.Trim());
        var form = cut.Find("form.signout-form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("account/logout", form.GetAttribute("action"));
        Assert.Equal("/worklist", form.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"));
        Assert.Empty(cut.FindAll("[data-testid=sign-in]"));
    }

    [Fact]
    public async Task Render_SignedOut_ShowsSignInLinkWithReturnUrl()
    {
        await using var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.AddAuthorization();
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("studies");

        var cut = ctx.Render<MainLayout>();

        Assert.Equal("account/login?returnUrl=%2Fstudies", cut.Find("[data-testid=sign-in]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=signed-in-user]"));
    }

    private static bool IsDrawerOpen(IRenderedComponent<MainLayout> cut)
    {
        var classes = cut.Find(".mud-drawer").ClassList;
        Assert.NotEqual(classes.Contains("mud-drawer--open"), classes.Contains("mud-drawer--closed"));
        return classes.Contains("mud-drawer--open");
    }
}
