using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Reporting;

namespace PacsViewer.Tests.Web.Components.Pages;

/// <summary>The patients page and the admin pages over HTTP against the real app: who may open them.</summary>
public sealed class RoleAccessTests(PacsViewerWebApplicationFactory factory) : IClassFixture<PacsViewerWebApplicationFactory>
{
    private HttpClient NewClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/patients")]
    [InlineData("/admin/templates")]
    public async Task Get_SignedOut_RedirectsToLogin(string path)
    {
        using var client = NewClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData(AppSignIn.Clinician)]
    [InlineData(AppSignIn.Radiologist)]
    [InlineData(AppSignIn.Admin)]
    public async Task GetPatients_AnyRole_Returns200WithSearchForm(string user)
    {
        using var client = NewClient();
        await AppSignIn.SignInAsync(client, user);

        using var response = await client.GetAsync(new Uri("/patients", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>Patients - PacsViewer</title>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"patient-search-button\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AppSignIn.Clinician, "/admin/templates")]
    [InlineData(AppSignIn.Radiologist, "/admin/templates")]
    [InlineData(AppSignIn.Clinician, "/admin")]
    public async Task GetAdminPage_NotAdmin_RedirectsToAccessDenied(string user, string path)
    {
        using var client = NewClient();
        await AppSignIn.SignInAsync(client, user);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/access-denied", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task GetTemplates_Admin_ListsStoredTemplateAsText()
    {
        var admin = ReportSeeder.User(AppSignIn.Admin, PacsViewer.Core.Security.PacsRoles.Admin);
        var name = "Synthetic <b>template</b> " + Guid.NewGuid().ToString("N")[..6];
        await factory.Services.GetRequiredService<ReportTemplateService>()
            .SaveTemplateAsync(0, name, "CR", "CHEST", new ReportContent("", "", "", "Clear.", ""), admin);
        using var client = NewClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Admin);

        using var response = await client.GetAsync(new Uri("/admin/templates", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>Report templates - PacsViewer</title>", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(name), html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>template</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAdmin_Admin_LinksToEveryAdminScreen()
    {
        using var client = NewClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Admin);

        var html = await client.GetStringAsync(new Uri("/admin", UriKind.Relative));

        foreach (var screen in new[] { "admin/templates", "admin/users", "admin/pacs", "admin/audit" })
        {
            Assert.Contains($"href=\"{screen}\"", html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("data-testid=\"planned-feature\"", html, StringComparison.Ordinal);
    }
}
