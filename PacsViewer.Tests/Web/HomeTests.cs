using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;
using PacsViewer.Web.Components.Pages;

namespace PacsViewer.Tests.Web;

public sealed class HomeTests
{
    [Theory]
    [InlineData(true, "true")]
    [InlineData(false, "false")]
    public async Task Render_RendererInteractivity_SetsInteractiveMarker(bool isInteractive, string expectedMarker)
    {
        await using var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.SetRendererInfo(new RendererInfo("Server", isInteractive));

        var cut = ctx.Render<Home>();

        Assert.Equal("PacsViewer", cut.Find("h1").TextContent.Trim());
        Assert.Equal(expectedMarker, cut.Find("[data-testid=interactivity]").GetAttribute("data-interactive"));
    }
}
