using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Security;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Web.Security;

/// <summary>
/// Single sign-on against <see cref="OidcTestProvider"/> (a minimal provider on loopback, the only one it was tested
/// with): the whole authorization code flow over real HTTP, followed by an HttpClient with cookies, as a browser would.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private OidcTestProvider _provider = null!;
    private SessionTestHost _host = null!;
    private Uri _app = null!;

    public async Task InitializeAsync()
    {
        _provider = await OidcTestProvider.StartAsync();
        _host = new SessionTestHost(new Dictionary<string, string?>
        {
            ["Auth:Oidc:Authority"] = _provider.Issuer,
            ["Auth:Oidc:ClientId"] = OidcTestProvider.ClientId,
            ["Auth:Oidc:ClientSecret"] = OidcTestProvider.ClientSecret,
            ["Auth:Oidc:RequireHttpsMetadata"] = "false",
            ["Auth:Oidc:DisplayName"] = "Test Hospital SSO",
            ["Auth:Oidc:RoleMap:pacs-radiologists"] = PacsRoles.Radiologist,
            ["Auth:Oidc:RoleMap:ward-doctors"] = PacsRoles.Clinician,
        }, kestrel: true);
        _app = _host.Start();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _provider.DisposeAsync();
    }

    private static HttpClient NewBrowserLikeClient(Uri app) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true, MaxAutomaticRedirections = 10 })
        {
            BaseAddress = app,
        };

    private async Task<HttpResponseMessage> SignInWithProviderAsync(HttpClient client, string returnUrl = "/worklist") =>
        await client.GetAsync(new Uri($"account/login/oidc?returnUrl={Uri.EscapeDataString(returnUrl)}", UriKind.Relative));

    [Fact]
    public async Task GetLogin_OidcConfigured_ShowsTheButton()
    {
        using var client = NewBrowserLikeClient(_app);

        var html = await client.GetStringAsync(new Uri("account/login?returnUrl=%2Fworklist", UriKind.Relative));

        Assert.Contains("href=\"account/login/oidc?returnUrl=%2Fworklist\"", html, StringComparison.Ordinal);
        Assert.Contains("Sign in with Test Hospital SSO", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_FirstTime_CreatesLinkedUserWithMappedRoleAndOpensWorklist()
    {
        _provider.NextUser = new OidcTestUser("sub-first", "jane.radiologist", "Dr Jane Example", ["pacs-radiologists", "unrelated-group"]);
        using var client = NewBrowserLikeClient(_app);

        using var response = await SignInWithProviderAsync(client);
        var html = await response.Content.ReadAsStringAsync();
        var (roles, logins, displayName) = await UserAsync("jane.radiologist");
        var roleChanges = await _host.AuditEventsAsync("jane.radiologist", AuditActions.RoleChanged);
        var signIns = await _host.AuditEventsAsync("jane.radiologist", AuditActions.Login);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/worklist", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("<title>Worklist - PacsViewer</title>", html, StringComparison.Ordinal);
        Assert.Contains(">jane.radiologist</", html, StringComparison.Ordinal);
        Assert.Equal([PacsRoles.Radiologist], roles);
        Assert.Equal([("oidc", "sub-first")], logins);
        Assert.Equal("Dr Jane Example", displayName);
        Assert.Equal("roles from [] to [Radiologist] by single sign-on", Assert.Single(roleChanges).Detail);
        Assert.Equal("single sign-on (Test Hospital SSO)", Assert.Single(signIns).Detail);
        Assert.Equal(1, _provider.TokensIssued);
    }

    [Fact]
    public async Task SignIn_ProviderRolesChanged_RolesUpdatedAndAudited()
    {
        _provider.NextUser = new OidcTestUser("sub-changing", "sam.doctor", "Sam Doctor", ["pacs-radiologists"]);
        using (var first = NewBrowserLikeClient(_app))
        {
            using var signedIn = await SignInWithProviderAsync(first);
            Assert.Equal("/worklist", signedIn.RequestMessage!.RequestUri!.AbsolutePath);
        }

        _provider.NextUser = _provider.NextUser with { Roles = ["ward-doctors"] };
        using var second = NewBrowserLikeClient(_app);
        using var response = await SignInWithProviderAsync(second);
        var (roles, _, _) = await UserAsync("sam.doctor");
        var roleChanges = await _host.AuditEventsAsync("sam.doctor", AuditActions.RoleChanged);

        // A clinician may not use the worklist: the app's access-denied page, signed in as the same local user.
        Assert.Equal("/account/access-denied", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal([PacsRoles.Clinician], roles);
        Assert.Equal(
            ["roles from [] to [Radiologist] by single sign-on", "roles from [Radiologist] to [Clinician] by single sign-on"],
            roleChanges.Select(e => e.Detail));
    }

    [Fact]
    public async Task SignIn_NoMappedRole_RefusedOnTheLoginPageAndNoUserCreated()
    {
        _provider.NextUser = new OidcTestUser("sub-norole", "no.role", "No Role", ["visitors"]);
        using var client = NewBrowserLikeClient(_app);

        using var response = await SignInWithProviderAsync(client);
        var html = await response.Content.ReadAsStringAsync();
        var refused = await _host.AuditEventsAsync("no.role", AuditActions.LoginFailed);

        Assert.Equal("/account/login", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Your single sign-on account has no role in PacsViewer.", html, StringComparison.Ordinal);
        Assert.Equal("single sign-on: no mapped role", Assert.Single(refused).Detail);
        await using var scope = _host.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>().FindByNameAsync("no.role"));
    }

    [Fact]
    public async Task SignIn_LocalAccountHasTheName_RefusedAndNotLinked()
    {
        var local = await _host.CreateUserAsync(PacsRoles.Admin);
        _provider.NextUser = new OidcTestUser("sub-taken", local, "Somebody Else", ["pacs-radiologists"]);
        using var client = NewBrowserLikeClient(_app);

        using var response = await SignInWithProviderAsync(client);
        var html = await response.Content.ReadAsStringAsync();
        var (roles, logins, _) = await UserAsync(local);

        Assert.Equal("/account/login", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("already exists and is not linked to single sign-on", html, StringComparison.Ordinal);
        Assert.Equal([PacsRoles.Admin], roles);
        Assert.Empty(logins);
    }

    [Fact]
    public async Task SignIn_Twice_TheSessionRulesApply()
    {
        _provider.NextUser = new OidcTestUser("sub-idle", "ward.clinician", "Ward Clinician", ["ward-doctors"]);
        using var client = NewBrowserLikeClient(_app);
        using var response = await SignInWithProviderAsync(client, "/");
        var active = await ReportActivityAsync(client);

        _host.Time.Advance(TimeSpan.FromMinutes(11));
        var idle = await ReportActivityAsync(client);

        // A clinician's 10 minute idle timeout holds for a single sign-on session as for a password one.
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.Unauthorized), (active, idle));
    }

    private static async Task<HttpStatusCode> ReportActivityAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/session/activity", UriKind.Relative));
        request.Headers.Add("X-PacsViewer-Activity", "1");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<(List<string> Roles, List<(string, string)> Logins, string DisplayName)> UserAsync(string userName)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>();
        var user = await users.FindByNameAsync(userName);
        Assert.NotNull(user);
        var logins = (await users.GetLoginsAsync(user)).Select(l => (l.LoginProvider, l.ProviderKey)).ToList();
        return ((await users.GetRolesAsync(user)).ToList(), logins, user.DisplayName);
    }
}
