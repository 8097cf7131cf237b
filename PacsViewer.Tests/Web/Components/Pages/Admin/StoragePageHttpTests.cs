using System.Net;

namespace PacsViewer.Tests.Web.Components.Pages.Admin;

/// <summary>The storage screen over HTTP, signed in through the real login page: admins only.</summary>
public sealed class StoragePageHttpTests : IDisposable
{
    private readonly PacsViewerWebApplicationFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Get_Admin_RendersThePage()
    {
        using var client = _factory.CreateClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Admin);

        using var response = await client.GetAsync(new Uri("/admin/storage", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Storage and retention</h1>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"retention-dry-run\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"hold-place\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AppSignIn.Radiologist)]
    [InlineData(AppSignIn.Clinician)]
    public async Task Get_NotAdmin_RedirectedToAccessDenied(string user)
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        await AppSignIn.SignInAsync(client, user);

        using var response = await client.GetAsync(new Uri("/admin/storage", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/access-denied", response.Headers.Location!.AbsolutePath);
    }
}
