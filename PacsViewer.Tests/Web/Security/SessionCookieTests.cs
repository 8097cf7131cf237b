using System.Net;
using Microsoft.AspNetCore.Identity;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Security;

namespace PacsViewer.Tests.Web.Security;

/// <summary>
/// The session rules on the sign-in cookie, over HTTP against the real app: idle timeout per role, absolute lifetime,
/// a disabled user or a changed role within the re-check interval, each ending audited once. The app's clock is moved
/// forward instead of waiting.
/// </summary>
public sealed class SessionCookieTests : IDisposable
{
    private readonly SessionTestHost _host = new(new Dictionary<string, string?>
    {
        ["Auth:IdleTimeout"] = "00:30:00",
        ["Auth:IdleTimeoutByRole:Clinician"] = "00:10:00",
        ["Auth:AbsoluteLifetime"] = "12:00:00",
        ["Auth:RevalidationInterval"] = "00:00:02",
    });

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task ReportActivity_SignedIn_NoContent()
    {
        var userName = await _host.CreateUserAsync(PacsRoles.Radiologist);
        using var client = _host.NewClient();
        await AppSignIn.SignInAsync(client, userName, SessionTestHost.Password);

        Assert.Equal(HttpStatusCode.NoContent, await SessionTestHost.ReportActivityAsync(client));
    }

    [Fact]
    public async Task ReportActivity_SignedOut_Unauthorized()
    {
        using var client = _host.NewClient();

        Assert.Equal(HttpStatusCode.Unauthorized, await SessionTestHost.ReportActivityAsync(client));
    }

    [Fact]
    public async Task ReportActivity_ElevenMinutesIdle_ClinicianSignedOutRadiologistNot()
    {
        var clinician = await _host.CreateUserAsync(PacsRoles.Clinician);
        var radiologist = await _host.CreateUserAsync(PacsRoles.Radiologist);
        using var clinicianClient = _host.NewClient();
        using var radiologistClient = _host.NewClient();
        await AppSignIn.SignInAsync(clinicianClient, clinician, SessionTestHost.Password);
        await AppSignIn.SignInAsync(radiologistClient, radiologist, SessionTestHost.Password);

        _host.Time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(HttpStatusCode.Unauthorized, await SessionTestHost.ReportActivityAsync(clinicianClient));
        Assert.Equal(HttpStatusCode.NoContent, await SessionTestHost.ReportActivityAsync(radiologistClient));
    }

    [Fact]
    public async Task ReportActivity_EveryNineMinutes_ClinicianStaysSignedInPastTheTimeout()
    {
        var clinician = await _host.CreateUserAsync(PacsRoles.Clinician);
        using var client = _host.NewClient();
        await AppSignIn.SignInAsync(client, clinician, SessionTestHost.Password);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            _host.Time.Advance(TimeSpan.FromMinutes(9));
            statuses.Add(await SessionTestHost.ReportActivityAsync(client));
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NoContent, 4), statuses);
    }

    [Fact]
    public async Task ReportActivity_PastAbsoluteLifetimeThoughActive_UnauthorizedAndAuditedOnce()
    {
        var radiologist = await _host.CreateUserAsync(PacsRoles.Radiologist);
        using var client = _host.NewClient();
        await AppSignIn.SignInAsync(client, radiologist, SessionTestHost.Password);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 26; i++)
        {
            // Active every 29 minutes (inside the 30 min idle timeout) for 12.5 hours.
            _host.Time.Advance(TimeSpan.FromMinutes(29));
            statuses.Add(await SessionTestHost.ReportActivityAsync(client));
        }
        var again = await SessionTestHost.ReportActivityAsync(client);
        var ended = await _host.AuditEventsAsync(radiologist, AuditActions.SessionEnded);

        // 24 x 29 min = 11.6 h still inside the lifetime; the 25th report (12.08 h) is refused. Each report also rebuilt the
        // principal (the 2 s stamp check): the session's sign-in time carried over.
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NoContent, 24), statuses.Take(24));
        Assert.Equal(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized }, statuses.Skip(24));
        Assert.Equal(HttpStatusCode.Unauthorized, again);
        var audited = Assert.Single(ended);
        Assert.Equal("lifetime: signed in more than 12 hours ago", audited.Detail);
        Assert.Equal("Radiologist", audited.UserRoles);
    }

    [Fact]
    public async Task ReportActivity_UserDisabled_UnauthorizedAfterTheIntervalAndAudited()
    {
        var radiologist = await _host.CreateUserAsync(PacsRoles.Radiologist);
        using var client = _host.NewClient();
        await AppSignIn.SignInAsync(client, radiologist, SessionTestHost.Password);
        Assert.Equal(HttpStatusCode.NoContent, await SessionTestHost.ReportActivityAsync(client));

        await _host.DisableAsync(radiologist);
        _host.Time.Advance(TimeSpan.FromSeconds(3));
        var status = await SessionTestHost.ReportActivityAsync(client);
        var ended = await _host.AuditEventsAsync(radiologist, AuditActions.SessionEnded);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("disabled: the account was disabled or locked out", Assert.Single(ended).Detail);
    }

    [Fact]
    public async Task ReportActivity_DisabledWithoutNewStamp_StillRefused()
    {
        var radiologist = await _host.CreateUserAsync(PacsRoles.Radiologist);
        using var client = _host.NewClient();
        await AppSignIn.SignInAsync(client, radiologist, SessionTestHost.Password);

        await _host.ChangeUserAsync(radiologist, async (users, user) =>
        {
            user.DisabledAt = _host.Time.GetUtcNow();
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        });
        _host.Time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(HttpStatusCode.Unauthorized, await SessionTestHost.ReportActivityAsync(client));
    }

    [Fact]
    public async Task GetWorklist_RadiologistMadeClinician_AccessDeniedAfterTheInterval()
    {
        var userName = await _host.CreateUserAsync(PacsRoles.Radiologist);
        using var client = _host.NewClient();
        await AppSignIn.SignInAsync(client, userName, SessionTestHost.Password);
        using var before = await client.GetAsync(new Uri("/worklist", UriKind.Relative));

        await _host.ChangeUserAsync(userName, async (users, user) =>
        {
            Assert.True((await users.RemoveFromRoleAsync(user, PacsRoles.Radiologist)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, PacsRoles.Clinician)).Succeeded);
        });
        _host.Time.Advance(TimeSpan.FromSeconds(3));
        using var after = await client.GetAsync(new Uri("/worklist", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/account/access-denied", after.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task GetWorklist_RadiologistMadeClinician_NowIdlesOutAfterTenMinutes()
    {
        var userName = await _host.CreateUserAsync(PacsRoles.Radiologist);
        using var client = _host.NewClient();
        await AppSignIn.SignInAsync(client, userName, SessionTestHost.Password);
        await _host.ChangeUserAsync(userName, async (users, user) =>
        {
            Assert.True((await users.RemoveFromRoleAsync(user, PacsRoles.Radiologist)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, PacsRoles.Clinician)).Succeeded);
        });
        _host.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.NoContent, await SessionTestHost.ReportActivityAsync(client));

        _host.Time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(HttpStatusCode.Unauthorized, await SessionTestHost.ReportActivityAsync(client));
    }

    [Fact]
    public async Task GetLogin_AfterTheServerEndedTheSession_SaysWhyAndClearsTheCookie()
    {
        var radiologist = await _host.CreateUserAsync(PacsRoles.Radiologist);
        using var client = _host.NewClient();
        await AppSignIn.SignInAsync(client, radiologist, SessionTestHost.Password);
        await _host.DisableAsync(radiologist);
        _host.Time.Advance(TimeSpan.FromSeconds(3));

        using var login = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        var html = await login.Content.ReadAsStringAsync();
        using var again = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        var secondHtml = await again.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("Your session ended: your account was disabled or locked.", html, StringComparison.Ordinal);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("PacsViewer.Auth=;", StringComparison.Ordinal));
        Assert.DoesNotContain("data-testid=\"session-ended\"", secondHtml, StringComparison.Ordinal);
    }
}
