using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;

namespace PacsViewer.Tests.Web.Security;

/// <summary>
/// The app with session settings of the test's choosing (as host configuration, so the registration sees them too, e.g.
/// <c>Auth:Oidc</c>), a clock the test can move forward, and optionally real Kestrel on loopback for a browser.
/// </summary>
internal sealed class SessionTestHost : PacsViewerWebApplicationFactory
{
    public const string Password = "Session-Password-12";

    private readonly IReadOnlyDictionary<string, string?> _settings;

    public SessionTestHost(IReadOnlyDictionary<string, string?> settings, bool kestrel = false)
        : base(Directory.CreateTempSubdirectory("pacs-web-").FullName, seedDemo: false, ownsFolder: true)
    {
        _settings = settings;
        ConfigureTestServices = services => services.AddSingleton<TimeProvider>(Time);
        if (kestrel)
        {
            UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        }
    }

    public ShiftableTimeProvider Time { get; } = new();

    /// <summary>Starts real Kestrel (constructed with <c>kestrel: true</c>) and returns its base address.</summary>
    public Uri Start()
    {
        StartServer();
        return ClientOptions.BaseAddress;
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        return base.CreateHost(builder);
    }

    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A new user with <paramref name="roles"/> and <see cref="Password"/>; returns the user name.</summary>
    public async Task<string> CreateUserAsync(params string[] roles)
    {
        var userName = "session" + Guid.NewGuid().ToString("N")[..8];
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>();
        var user = new PacsUser { UserName = userName, DisplayName = "Session Test User" };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRolesAsync(user, roles)).Succeeded);
        return userName;
    }

    /// <summary>Changes a user as an admin would (through UserManager), e.g. disable: DisabledAt and a new security stamp.</summary>
    public async Task ChangeUserAsync(string userName, Func<UserManager<PacsUser>, PacsUser, Task> change)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>();
        var user = await users.FindByNameAsync(userName);
        Assert.NotNull(user);
        await change(users, user);
    }

    public Task DisableAsync(string userName) => ChangeUserAsync(userName, async (users, user) =>
    {
        user.DisabledAt = Time.GetUtcNow();
        Assert.True((await users.UpdateAsync(user)).Succeeded);
        Assert.True((await users.UpdateSecurityStampAsync(user)).Succeeded);
    });

    /// <summary>The audit events of <paramref name="userName"/> with <paramref name="action"/>, oldest first.</summary>
    public async Task<List<AuditEvent>> AuditEventsAsync(string userName, string action)
    {
        await using var context = Services.GetRequiredService<PacsViewerDatabase>().CreateContext();
        return await context.AuditEvents.AsNoTracking().Where(e => e.UserName == userName && e.Action == action).OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>POSTs an activity report as the page's module does; 204 while the session lives, 401 after.</summary>
    public static async Task<HttpStatusCode> ReportActivityAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/session/activity", UriKind.Relative));
        request.Headers.Add("X-PacsViewer-Activity", "1");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
