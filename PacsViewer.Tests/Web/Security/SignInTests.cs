using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Security;

namespace PacsViewer.Tests.Web.Security;

/// <summary>The login page, sign-out, lockout and role checks over HTTP against the real app and its demo users.</summary>
public sealed class SignInTests(PacsViewerWebApplicationFactory factory) : IClassFixture<PacsViewerWebApplicationFactory>
{
    private HttpClient NewClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task GetWorklist_SignedOut_RedirectsToLoginWithReturnUrl()
    {
        using var client = NewClient();

        using var response = await client.GetAsync(new Uri("/worklist", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        Assert.Equal("?ReturnUrl=%2Fworklist", response.Headers.Location.Query);
    }

    [Fact]
    public async Task PostLogin_RightPassword_RedirectsToReturnUrlAndWorklistOpens()
    {
        using var client = NewClient();

        using var login = await AppSignIn.PostLoginAsync(client, AppSignIn.Radiologist, returnUrl: "/worklist");
        using var worklist = await client.GetAsync(new Uri("/worklist", UriKind.Relative));
        var html = await worklist.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(("localhost", "/worklist"), (login.Headers.Location!.Host, login.Headers.Location.PathAndQuery));
        Assert.Equal(HttpStatusCode.OK, worklist.StatusCode);
        Assert.Contains("<title>Worklist - PacsViewer</title>", html, StringComparison.Ordinal);
        Assert.Contains(">radiologist</", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostLogin_ForeignReturnUrl_RedirectsToRoot()
    {
        using var client = NewClient();

        using var login = await AppSignIn.PostLoginAsync(client, AppSignIn.Radiologist, returnUrl: "//attacker.example/x");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(("localhost", "/"), (login.Headers.Location!.Host, login.Headers.Location.PathAndQuery));
    }

    [Fact]
    public async Task PostLogin_WrongPassword_ShowsErrorAndSetsNoCookie()
    {
        using var client = NewClient();

        using var login = await AppSignIn.PostLoginAsync(client, AppSignIn.Radiologist2, "not-the-password");
        var html = await login.Content.ReadAsStringAsync();
        using var worklist = await client.GetAsync(new Uri("/worklist", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("The user name or password is wrong.", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, worklist.StatusCode);
    }

    [Fact]
    public async Task GetWorklist_SignedInAsClinician_RedirectsToAccessDenied()
    {
        using var client = NewClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Clinician);

        using var response = await client.GetAsync(new Uri("/worklist", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/access-denied", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task PostLogout_SignedIn_ClearsSession()
    {
        using var client = NewClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Admin);
        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppSignIn.AntiforgeryTokenIn(home),
            ["returnUrl"] = "/worklist",
        });

        using var logout = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), content);
        using var worklist = await client.GetAsync(new Uri("/worklist", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/account/login?returnUrl=%2Fworklist", logout.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, worklist.StatusCode);
        Assert.Equal("/account/login", worklist.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task PostLogout_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = NewClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Admin);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" });

        using var logout = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), content);
        using var worklist = await client.GetAsync(new Uri("/worklist", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        Assert.Equal(HttpStatusCode.OK, worklist.StatusCode);
    }

    [Fact]
    public async Task PostLogin_FiveWrongPasswords_LocksAccountEvenForRightPassword()
    {
        var userName = await CreateUserAsync(PacsRoles.Clinician);
        using var client = NewClient();
        for (var i = 0; i < 4; i++)
        {
            using var failed = await AppSignIn.PostLoginAsync(client, userName, "wrong-password-" + i);
            Assert.Contains("The user name or password is wrong.", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var fifth = await AppSignIn.PostLoginAsync(client, userName, "wrong-password-4");
        Assert.Contains("This account is locked", await fifth.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var locked = await AppSignIn.PostLoginAsync(client, userName, UserPassword);
        var html = await locked.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("This account is locked", html, StringComparison.Ordinal);
    }

    private const string UserPassword = "Test-Password-1";

    private async Task<string> CreateUserAsync(string role)
    {
        var userName = "user" + Guid.NewGuid().ToString("N")[..8];
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>();
        var user = new PacsUser { UserName = userName, DisplayName = "Test User" };
        var created = await users.CreateAsync(user, UserPassword);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return userName;
    }
}
