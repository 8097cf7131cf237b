using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PacsViewer.Web.Components.Layout;

namespace PacsViewer.Tests.Web;

public sealed class NavMenuTests
{
    [Theory]
    [InlineData("worklist", "Worklist")]
    [InlineData("studies", "Studies")]
    [InlineData("admin", "Admin")]
    public async Task Render_CurrentUriIsFeature_MarksOnlyThatLinkActive(string path, string expectedActive)
    {
        await using var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(path);

        var cut = ctx.Render<NavMenu>();

        var active = cut.FindAll("a.mud-nav-link.active");
        Assert.Single(active);
        Assert.Equal(expectedActive, active[0].TextContent.Trim());
    }

    [Fact]
    public async Task Render_CurrentUriIsRoot_MarksHomeActive()
    {
        await using var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;

        var cut = ctx.Render<NavMenu>();

        var active = cut.FindAll("a.mud-nav-link.active");
        Assert.Single(active);
        Assert.Equal("Home", active[0].TextContent.Trim());
    }
}
