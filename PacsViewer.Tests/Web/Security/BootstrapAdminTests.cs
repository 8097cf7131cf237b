using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;

namespace PacsViewer.Tests.Web.Security;

/// <summary>
/// The first start in Production: no default account; the first admin from configuration (once, forced to change the
/// password, audited, the password never logged) or through the one-time link written to the log.
/// </summary>
public sealed partial class BootstrapAdminTests
{
    private const string ConfiguredPassword = "Bootstrap-Password-9";
    private const string ChosenPassword = "Chosen-Password-77";

    private static HttpClient NewClient(ProductionWebApplicationFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<List<AuditEvent>> AuditAsync(ProductionWebApplicationFactory factory)
    {
        await using var db = factory.Services.GetRequiredService<PacsViewerDatabase>().CreateContext();
        return await db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task Start_ProductionWithoutBootstrapSettings_NoUsersAndOneTimeLinkLoggedAtWarning()
    {
        await using var factory = new ProductionWebApplicationFactory(new Dictionary<string, string?>());
        using var client = NewClient(factory);

        using var login = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        using var demo = await AppSignIn.PostLoginAsync(client, AppSignIn.Admin);

        Assert.Empty(await factory.Services.GetRequiredService<UserAdminService>().ListAsync());
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("The user name or password is wrong.", await demo.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (level, message) = Assert.Single(factory.Logs, l => l.Message.Contains("/account/bootstrap?token=", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, level);
        Assert.Matches(TokenInLog(), message);
    }

    [Fact]
    public async Task Start_ProductionWithBootstrapSettings_CreatesExactlyOneAdminOnceMustChangeAuditedPasswordNotLogged()
    {
        await using var factory = new ProductionWebApplicationFactory(new Dictionary<string, string?>
        {
            ["Bootstrap:AdminUserName"] = "root",
            ["Bootstrap:AdminPassword"] = ConfiguredPassword,
        });
        using var client = NewClient(factory);
        using var page = await client.GetAsync(new Uri("/account/bootstrap", UriKind.Relative));

        // Started again (a restart): an enabled admin exists, nothing more is created.
        await factory.Services.GetRequiredService<BootstrapAdminService>().StartAsync(CancellationToken.None);

        var user = Assert.Single(await factory.Services.GetRequiredService<UserAdminService>().ListAsync());
        Assert.Equal(("root", true, (DateTimeOffset?)null), (user.UserName, user.MustChangePassword, user.DisabledAt));
        Assert.Equal([PacsRoles.Admin], user.Roles);
        var created = Assert.Single(await AuditAsync(factory));
        Assert.Equal((AuditActions.UserChanged, "root"), (created.Action, created.ObjectId));
        Assert.Contains("bootstrap admin from configuration", created.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(factory.Logs, l => l.Message.Contains(ConfiguredPassword, StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs, l => l.Message.Contains("token=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);

        using var login = await AppSignIn.PostLoginAsync(client, "root", ConfiguredPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/account/password", login.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task BootstrapPage_TokenFlow_WrongTokenRefusedWeakPasswordRetryableRightTokenWorksOnce()
    {
        await using var factory = new ProductionWebApplicationFactory(new Dictionary<string, string?>());
        using var client = NewClient(factory);
        var link = TokenInLog().Match(Assert.Single(factory.Logs, l => l.Message.Contains("token=", StringComparison.Ordinal)).Message).Value;

        var antiforgery = AppSignIn.AntiforgeryTokenIn(await client.GetStringAsync(new Uri(link, UriKind.Relative)));
        var token = link[(link.IndexOf('=', StringComparison.Ordinal) + 1)..];

        using var wrong = await client.GetAsync(new Uri("/account/bootstrap?token=not-the-token", UriKind.Relative));
        using var wrongPost = await PostBootstrapAsync(client, antiforgery, "x" + token, "intruder", ChosenPassword);
        using var weak = await PostBootstrapAsync(client, antiforgery, token, "firstadmin", "short");
        using var created = await PostBootstrapAsync(client, antiforgery, token, "firstadmin", ChosenPassword);
        using var reused = await PostBootstrapAsync(client, antiforgery, token, "secondadmin", ChosenPassword);
        using var afterwards = await client.GetAsync(new Uri(link, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Contains("data-testid=\"bootstrap-bad-token\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A refused page renders no form, so Blazor refuses the post of its form (400) before any handler runs.
        Assert.Equal(HttpStatusCode.BadRequest, wrongPost.StatusCode);
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("at least 12 characters", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/account/login", created.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterwards.StatusCode);
        var user = Assert.Single(await factory.Services.GetRequiredService<UserAdminService>().ListAsync());
        Assert.Equal(("firstadmin", false), (user.UserName, user.MustChangePassword));
        Assert.Equal([PacsRoles.Admin], user.Roles);
        var entry = Assert.Single(await AuditAsync(factory));
        Assert.Equal((AuditActions.UserChanged, "firstadmin"), (entry.Action, entry.ObjectId));
        Assert.Contains("one-time link", entry.Detail, StringComparison.Ordinal);

        await AppSignIn.SignInAsync(client, "firstadmin", ChosenPassword);
        using var users = await client.GetAsync(new Uri("/admin/users", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
    }

    [Fact]
    public async Task BootstrapPage_DevelopmentWithDemoAdmin_NotFound()
    {
        await using var factory = new PacsViewerWebApplicationFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/account/bootstrap?token=anything", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Posts the bootstrap form (to the page with <paramref name="token"/>, which the form also carries).</summary>
    private static async Task<HttpResponseMessage> PostBootstrapAsync(HttpClient client, string antiforgery, string token, string userName, string password)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["_handler"] = "bootstrap",
            ["Input.Token"] = token,
            ["Input.UserName"] = userName,
            ["Input.DisplayName"] = "First Admin",
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
        return await client.PostAsync(new Uri($"/account/bootstrap?token={token}", UriKind.Relative), content);
    }

    [GeneratedRegex("/account/bootstrap\\?token=[A-Za-z0-9_-]{43}")]
    private static partial Regex TokenInLog();
}
