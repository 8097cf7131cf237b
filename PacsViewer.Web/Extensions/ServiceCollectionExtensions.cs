using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using PacsViewer.Core;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting.Delivery;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;
using PacsViewer.Web.Archive;
using PacsViewer.Web.Health;
using PacsViewer.Web.Reporting;
using PacsViewer.Web.Security;
using PacsViewer.Web.Viewer;

namespace PacsViewer.Web.Extensions;

/// <summary>
/// The single place where the web application's services are registered.
/// </summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers Core's services (<see cref="PacsViewer.Core.ServiceCollectionExtensions.AddPacsViewerCore"/>),
    /// Razor components with interactive server rendering, and MudBlazor; the built-in archive's start-up
    /// (folders and index migrations), its DICOM receiver when <c>Archive:ReceiverPort</c> is set and, in Development,
    /// its demo seeding; the app database's migrations (and the demo users in Development), the worklist's sync with
    /// the sources and the report delivery outbox. Relative <c>Archive:Path</c> and the
    /// default SQLite file are resolved against the content root (data/ beside the app).
    /// </summary>
    public static IServiceCollection AddPacsViewerWeb(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddPacsViewerCore(configuration);

        services.AddOptions<ArchiveOptions>().PostConfigure<IHostEnvironment>((o, env) => o.Path = Path.GetFullPath(o.Path, env.ContentRootPath));
        services.AddOptions<DatabaseOptions>().PostConfigure<IHostEnvironment>((o, env) =>
        {
            if (o.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(o.ConnectionString))
            {
                o.ConnectionString = $"Data Source={Path.GetFullPath(DatabaseOptions.DefaultSqliteFile, env.ContentRootPath)}";
            }
        });
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.SectionName));
        services.AddHostedService<ArchiveInitializer>();
        // The app database (Identity, worklist, reports): migrated before the app serves; Development seeds the demo users.
        services.AddHostedService<PacsViewerDatabaseInitializer>();
        AddPacsConnectionsAndHealth(services, configuration);
        services.AddSingleton<WorklistSyncService>();
        services.AddHostedService(sp => sp.GetRequiredService<WorklistSyncService>());
        services.AddHostedService<ReportDeliveryService>();
        // Transfer jobs (issue 8): the runner resumes queued and interrupted jobs after the database is migrated.
        services.AddHostedService(sp => sp.GetRequiredService<PacsViewer.Core.Distribution.TransferJobRunner>());
        // After the initializer: the receiver writes into the archive's incoming folder (Archive:ReceiverPort).
        services.AddSingleton<ArchiveReceiver>();
        services.AddHostedService(sp => sp.GetRequiredService<ArchiveReceiver>());
        services.AddSingleton<DemoSeedingService>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoSeedingService>());

        AddAuthentication(services, configuration);
        AddAccessControl(services);
        AddUserAccounts(services);
        AddSessions(services, configuration);

        services.AddRazorComponents()
            .AddInteractiveServerComponents();

        services.AddMudServices();
        services.AddSingleton<StudyListService>();
        services.AddSingleton<StudyModelCache>();
        services.AddSingleton<PacsViewer.Web.Worklist.RadiologistDirectory>();
        // The report editor beside the viewer: locks held per (study, user), each circuit's drafts saved when its connection drops.
        services.AddOptions<ReportEditorOptions>().Bind(configuration.GetSection(ReportEditorOptions.SectionName));
        services.AddSingleton<ReadingLockRegistry>();
        services.AddSingleton<OpenReportDrafts>();
        services.AddScoped<ReadingCircuit>();
        services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<ReadingCircuit>());
        AddOperations(services, configuration);

        return services;
    }

    /// <summary>
    /// Sign-in with Identity's cookie over the app database's users: a sliding <see cref="AuthOptions.IdleTimeout"/>,
    /// the security stamp and a circuit's authentication re-checked every <see cref="AuthOptions.RevalidationInterval"/>;
    /// <c>/api</c> requests get 401/403 instead of the login page's redirect.
    /// </summary>
    private static void AddAuthentication(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.SectionName))
            .Validate(o => o.IdleTimeout > TimeSpan.Zero && o.RevalidationInterval > TimeSpan.Zero, "Auth timeouts must be positive")
            .ValidateOnStart();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        new IdentityBuilder(typeof(PacsUser), typeof(PacsRole), services).AddSignInManager();
        services.AddOptions<SecurityStampValidatorOptions>()
            .Configure<IOptions<AuthOptions>>((o, auth) => o.ValidationInterval = auth.Value.RevalidationInterval);
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AuthOptions>>((o, auth) =>
            {
                o.Cookie.Name = "PacsViewer.Auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/access-denied";
                o.ExpireTimeSpan = auth.Value.IdleTimeout;
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context, StatusCodes.Status403Forbidden);
            });
        services.AddAuthorization();
        // Audit records made for a user of the web app (name, roles, client address): RequestAudit over Core's IAuditLog.
        services.AddHttpContextAccessor();
        services.AddScoped<RequestAudit>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationStateProvider>();
    }

    /// <summary>
    /// Authorization everywhere (issue 7): a fallback policy requiring a signed-in user on every endpoint that names
    /// none (pages, the Blazor hub, the API), the <see cref="AccessPolicies.AnyRole"/> policy of the <c>/api</c> group;
    /// study access itself is decided by Core's <c>StudyAccessService</c> (<c>Access:*</c>).
    /// </summary>
    private static void AddAccessControl(IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(AccessPolicies.SignedIn)
            .AddPolicy(AccessPolicies.AnyRole, AccessPolicies.AnyRolePolicy);
    }

    /// <summary>
    /// User accounts (issue 7): a disabled account cannot sign in (<see cref="IdentitySignInManager"/>, replacing the one
    /// registered above), and the first admin is bootstrapped at start when none is enabled (after the database initializer).
    /// </summary>
    private static void AddUserAccounts(IServiceCollection services)
    {
        services.AddScoped<SignInManager<PacsUser>, IdentitySignInManager>();
        services.AddHostedService(sp => sp.GetRequiredService<BootstrapAdminService>());
    }

    /// <summary>
    /// Session rules (README "Sessions and single sign-on"): idle timeout per role and absolute lifetime on the cookie
    /// (<see cref="SessionCookieEvents"/>), disabled users refused by the stamp check (<see cref="SessionStampValidator"/>),
    /// the server's record of sessions (<see cref="SessionRegistry"/>), and OpenID Connect when <c>Auth:Oidc</c> is set.
    /// </summary>
    private static void AddSessions(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>()
            .Validate(o => o.IsValid(), "Auth: every timeout and lifetime must be positive")
            .ValidateOnStart();
        services.AddSingleton<SessionRegistry>();
        services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, SessionStampValidator>());
        services.AddOptions<SecurityStampValidatorOptions>()
            .Configure(o => o.OnRefreshingPrincipal = context =>
            {
                // The stamp check rebuilds the principal from the database: the session's id and sign-in time carry over.
                if (context.CurrentPrincipal is { } current && context.NewPrincipal is { } renewed)
                {
                    SessionClaims.Copy(current, renewed);
                }
                return Task.CompletedTask;
            });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure(SessionCookieEvents.Configure);
        OidcAuthentication.AddOidcSignIn(services, configuration);
    }

    /// <summary>
    /// Admin-managed PACS connections (secrets under Data Protection; their sources loaded into the catalog at start,
    /// after the database's migrations) and the health checks of <c>/health/ready</c>: database, archive folder,
    /// each enabled PACS connection (<c>Health:*</c>).
    /// </summary>
    private static void AddPacsConnectionsAndHealth(IServiceCollection services, IConfiguration configuration)
    {
        services.AddDataProtection();
        services.AddSingleton<IPacsConnectionSecretProtector, PacsConnectionSecretProtector>();
        services.AddSingleton<PacsConnectionService>();
        services.AddHostedService(sp => sp.GetRequiredService<PacsConnectionService>());
        services.AddOptions<HealthOptions>()
            .Bind(configuration.GetSection(HealthOptions.SectionName))
            .Validate(o => o.PacsProbeTimeout > TimeSpan.Zero && o.DatabaseTimeout > TimeSpan.Zero && o.PacsCacheDuration >= TimeSpan.Zero,
                "Health timeouts must be positive")
            .ValidateOnStart();
        services.AddSingleton<PacsConnectionsHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [HealthEndpoints.ReadyTag])
            .AddCheck<ArchiveFolderHealthCheck>("archive", HealthStatus.Unhealthy, [HealthEndpoints.ReadyTag])
            .Add(new HealthCheckRegistration("pacs", sp => sp.GetRequiredService<PacsConnectionsHealthCheck>(), null, [HealthEndpoints.ReadyTag]));
    }

    /// <summary>
    /// Running it for real: OpenTelemetry when <c>OpenTelemetry:OtlpEndpoint</c> is set (Web/Telemetry), and several app
    /// servers sharing Redis when <c>Redis:Configuration</c> is set (Web/Scaling); neither by default.
    /// </summary>
    private static void AddOperations(IServiceCollection services, IConfiguration configuration)
    {
        PacsViewer.Web.Telemetry.TelemetryRegistration.AddWebTelemetry(services, configuration);
        PacsViewer.Web.Scaling.ScalingRegistration.AddScaling(services, configuration);
    }

    private static Task ApiStatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            // The bare status: the status code pages would re-execute a POST as the not-found page (and answer 400).
            if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusCodePages)
            {
                statusCodePages.Enabled = false;
            }
            context.Response.StatusCode = apiStatus;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }
}
