using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PacsViewer.Tests.Web;

public sealed class WebAppHostTests(PacsViewerWebApplicationFactory factory)
    : IClassFixture<PacsViewerWebApplicationFactory>
{
    [Fact]
    public async Task GetRoot_SignedIn_Returns200WithAppNameAndMudBlazorAssets()
    {
        using var client = factory.CreateClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Radiologist);

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>PacsViewer</title>", html, StringComparison.Ordinal);
        Assert.Matches("<link rel=\"stylesheet\" href=\"_content/MudBlazor/MudBlazor\\.min\\.[a-z0-9]+\\.css\"", html);
        Assert.Matches("<script src=\"_content/MudBlazor/MudBlazor\\.min\\.[a-z0-9]+\\.js\"", html);
        Assert.Contains("data-interactive=\"false\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin", "Admin")]
    public async Task GetAdminPage_Admin_Returns200WithNothingLeftPlanned(string path, string title)
    {
        using var client = factory.CreateClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Admin);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<title>{title} - PacsViewer</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"planned-feature\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AppSignIn.Admin)]
    [InlineData(AppSignIn.Radiologist)]
    public async Task GetWorklist_SignedInWithAReadingRole_Returns200WithTheGridNotAPlaceholder(string user)
    {
        using var client = factory.CreateClient();
        await AppSignIn.SignInAsync(client, user);

        using var response = await client.GetAsync(new Uri("/worklist", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>Worklist - PacsViewer</title>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"worklist-table\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"filter-apply\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"planned-feature\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStudies_EmptyArchive_Returns200WithSearchFormAndNoRows()
    {
        using var client = factory.CreateClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Clinician);

        using var response = await client.GetAsync(new Uri("/studies", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>Studies - PacsViewer</title>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"search-button\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"search-empty\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"planned-feature\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStylesheetLinkedFromRoot_Default_Returns200Css()
    {
        using var client = factory.CreateClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Radiologist);
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var href = Regex.Match(html, "href=\"(_content/MudBlazor/[^\"]+\\.css)\"").Groups[1].Value;
        Assert.NotEmpty(href);

        using var response = await client.GetAsync(new Uri("/" + href, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetUnknownPath_SignedIn_Returns404WithNotFoundPage()
    {
        using var client = factory.CreateClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Radiologist);

        using var response = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Not found", html, StringComparison.Ordinal);
    }
}
