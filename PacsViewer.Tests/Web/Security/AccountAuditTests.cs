using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;

namespace PacsViewer.Tests.Web.Security;

/// <summary>
/// Sign-in, sign-out and the forced password change over HTTP against the real app: what the user sees, what the
/// audit trail records (Login, LoginFailed with the typed name and the reason, Logout, the password change).
/// </summary>
public sealed class AccountAuditTests(PacsViewerWebApplicationFactory factory) : IClassFixture<PacsViewerWebApplicationFactory>
{
    private const string UserPassword = "Test-Password-1";
    private const string NextPassword = "Next-Password-22";

    private HttpClient NewClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A new user (unique name) with <paramref name="role"/>, created as an admin would.</summary>
    private async Task<string> CreateUserAsync(string role = PacsRoles.Clinician, bool mustChangePassword = false)
    {
        var userName = "acct" + Guid.NewGuid().ToString("N")[..8];
        await factory.Services.GetRequiredService<UserAdminService>()
            .CreateAsync(new UserAdminNewUser(userName, "Test User", [role], UserPassword) { MustChangePassword = mustChangePassword });
        return userName;
    }

    private async Task<List<AuditEvent>> AuditOfAsync(string userName)
    {
        await using var db = factory.Services.GetRequiredService<PacsViewerDatabase>().CreateContext();
        return await db.AuditEvents.AsNoTracking().Where(e => e.UserName == userName || e.ObjectId == userName).OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task PostLogin_RightPassword_RecordsLoginWithRoles()
    {
        var userName = await CreateUserAsync(PacsRoles.Radiologist);
        using var client = NewClient();

        await AppSignIn.SignInAsync(client, userName, UserPassword);

        var login = Assert.Single(await AuditOfAsync(userName), e => e.Action == AuditActions.Login);
        Assert.Equal((AuditOutcome.Success, PacsRoles.Radiologist), (login.Outcome, login.UserRoles));
    }

    [Fact]
    public async Task PostLogin_UnknownUser_RecordsLoginFailedWithTypedName()
    {
        var typed = "nobody" + Guid.NewGuid().ToString("N")[..8];
        using var client = NewClient();

        using var response = await AppSignIn.PostLoginAsync(client, typed, "whatever-Password-1");

        Assert.Contains("The user name or password is wrong.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var failed = Assert.Single(await AuditOfAsync(typed));
        Assert.Equal((AuditActions.LoginFailed, AuditOutcome.MinorFailure, "unknown user"), (failed.Action, failed.Outcome, failed.Detail));
    }

    [Fact]
    public async Task PostLogin_WrongPassword_RecordsLoginFailedWrongPassword()
    {
        var userName = await CreateUserAsync();
        using var client = NewClient();

        using var response = await AppSignIn.PostLoginAsync(client, userName, "not-the-Password-1");

        var failed = Assert.Single(await AuditOfAsync(userName));
        Assert.Equal((AuditActions.LoginFailed, "wrong password"), (failed.Action, failed.Detail));
    }

    [Fact]
    public async Task PostLogin_DisabledUserRightPassword_SameMessageAsWrongPasswordNoCookieAndAudited()
    {
        var userName = await CreateUserAsync();
        await factory.Services.GetRequiredService<UserAdminService>().DisableAsync(AppSignIn.Admin, userName);
        using var client = NewClient();

        using var login = await AppSignIn.PostLoginAsync(client, userName, UserPassword);
        var html = await login.Content.ReadAsStringAsync();
        using var patients = await client.GetAsync(new Uri("/patients", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("The user name or password is wrong.", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, patients.StatusCode);
        Assert.Equal("/account/login", patients.Headers.Location!.AbsolutePath);
        var failed = Assert.Single(await AuditOfAsync(userName), e => e.Action == AuditActions.LoginFailed);
        Assert.Equal("disabled", failed.Detail);
    }

    [Fact]
    public async Task PostLogin_LockedOut_RecordsLoginFailedLockedOut()
    {
        var userName = await CreateUserAsync();
        using var client = NewClient();
        for (var i = 0; i < 5; i++)
        {
            using var _ = await AppSignIn.PostLoginAsync(client, userName, "wrong-Password-" + i);
        }

        using var locked = await AppSignIn.PostLoginAsync(client, userName, UserPassword);

        Assert.Contains("This account is locked", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var failures = (await AuditOfAsync(userName)).Select(e => e.Detail).ToList();
        Assert.Equal([.. Enumerable.Repeat("wrong password", 4), "locked out", "locked out"], failures);
    }

    [Fact]
    public async Task PostLogout_SignedIn_RecordsLogout()
    {
        var userName = await CreateUserAsync();
        using var client = NewClient();
        await AppSignIn.SignInAsync(client, userName, UserPassword);
        var page = await client.GetStringAsync(new Uri("/account/password", UriKind.Relative));
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = AppSignIn.AntiforgeryTokenIn(page) });

        using var logout = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal([AuditActions.Login, AuditActions.Logout], (await AuditOfAsync(userName)).Select(e => e.Action));
        Assert.Equal(PacsRoles.Clinician, (await AuditOfAsync(userName))[1].UserRoles);
    }

    [Fact]
    public async Task PostLogin_MustChangePassword_RedirectsToPasswordPageWithReturnUrl()
    {
        var userName = await CreateUserAsync(mustChangePassword: true);
        using var client = NewClient();

        using var login = await AppSignIn.PostLoginAsync(client, userName, UserPassword, returnUrl: "/patients");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/account/password?returnUrl=%2Fpatients", login.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Get_MustChangePassword_PagesRedirectAndApiAnswers403Problem()
    {
        var userName = await CreateUserAsync(mustChangePassword: true);
        using var client = NewClient();
        await AppSignIn.SignInAsync(client, userName, UserPassword);

        using var patients = await client.GetAsync(new Uri("/patients?q=1", UriKind.Relative));
        using var api = await client.GetAsync(new Uri("/api/sources", UriKind.Relative));
        using var passwordPage = await client.GetAsync(new Uri("/account/password", UriKind.Relative));
        using var viewer = await client.GetAsync(new Uri("/viewer/archive/1.2.840.99", UriKind.Relative));
        using var styles = await client.GetAsync(new Uri("/app.css", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, patients.StatusCode);
        Assert.Equal("/account/password?returnUrl=%2Fpatients%3Fq%3D1", patients.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Password change required", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, passwordPage.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, viewer.StatusCode);
        Assert.Equal("/account/password?returnUrl=%2Fviewer%2Farchive%2F1.2.840.99", viewer.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, styles.StatusCode);
        Assert.Contains("data-testid=\"password-required\"", await passwordPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostPassword_ValidChange_ReturnsToPageClearsFlagAndIsAudited()
    {
        var userName = await CreateUserAsync(mustChangePassword: true);
        using var client = NewClient();
        await AppSignIn.SignInAsync(client, userName, UserPassword);

        using var changed = await PostPasswordAsync(client, UserPassword, NextPassword, NextPassword, "/patients");
        using var patients = await client.GetAsync(new Uri("/patients", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("/patients", changed.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, patients.StatusCode);
        var summary = Assert.Single(await factory.Services.GetRequiredService<UserAdminService>().ListAsync(), u => u.UserName == userName);
        Assert.False(summary.MustChangePassword);
        var entry = Assert.Single(await AuditOfAsync(userName), e => e.Action == AuditActions.UserChanged && e.UserName == userName);
        Assert.Equal("password changed by the user", entry.Detail);
        using var other = NewClient();
        await AppSignIn.SignInAsync(other, userName, NextPassword);
    }

    [Theory]
    [InlineData("not-the-Password-1", NextPassword, NextPassword, "The current password is wrong.")]
    [InlineData(UserPassword, "short", "short", "at least 12 characters")]
    [InlineData(UserPassword, NextPassword, "Other-Password-33", "The two new passwords differ.")]
    [InlineData(UserPassword, UserPassword, UserPassword, "The new password must differ from the current one.")]
    public async Task PostPassword_Invalid_ShowsReasonAndKeepsOldPassword(string current, string next, string confirm, string message)
    {
        var userName = await CreateUserAsync(mustChangePassword: true);
        using var client = NewClient();
        await AppSignIn.SignInAsync(client, userName, UserPassword);

        using var response = await PostPasswordAsync(client, current, next, confirm, "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var other = NewClient();
        await AppSignIn.SignInAsync(other, userName, UserPassword);
    }

    [Fact]
    public async Task GetPassword_SignedOut_RedirectsToLogin()
    {
        using var client = NewClient();

        using var response = await client.GetAsync(new Uri("/account/password", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }

    private static async Task<HttpResponseMessage> PostPasswordAsync(HttpClient client, string current, string next, string confirm, string returnUrl)
    {
        var path = $"/account/password?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var form = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppSignIn.AntiforgeryTokenIn(form),
            ["_handler"] = "change-password",
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = next,
            ["Input.ConfirmPassword"] = confirm,
        });
        return await client.PostAsync(new Uri(path, UriKind.Relative), content);
    }
}
