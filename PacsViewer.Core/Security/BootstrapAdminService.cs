using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Audit;

namespace PacsViewer.Core.Security;

/// <summary>
/// The first admin of a production database (no default account is ever created outside Development). At start, when
/// no enabled Admin exists: creates <c>Bootstrap:AdminUserName</c> with <c>Bootstrap:AdminPassword</c> (once; the
/// password must be changed at first sign-in; audited), or else logs, at Warning, a one-time link
/// <c>/account/bootstrap?token=...</c> through which the first admin is created once before it expires.
/// Start it after the database's migrations and roles (<see cref="Data.PacsViewerDatabaseInitializer"/>).
/// </summary>
public sealed partial class BootstrapAdminService(
    UserAdminService userAdmin,
    BootstrapTokenStore tokens,
    IAuditLog audit,
    IOptions<BootstrapOptions> options,
    ILogger<BootstrapAdminService> logger) : IHostedService
{
    /// <summary>The bootstrap page's path (the token goes in the query string).</summary>
    public const string PagePath = "/account/bootstrap";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await userAdmin.EnabledAdminCountAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            return;
        }
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.AdminUserName) && !string.IsNullOrEmpty(o.AdminPassword))
        {
            try
            {
                var entry = await userAdmin.CreateAsync(new UserAdminNewUser(o.AdminUserName, o.AdminDisplayName, [PacsRoles.Admin], o.AdminPassword), cancellationToken)
                    .ConfigureAwait(false);
                await audit.RecordAsync(entry with { Detail = entry.Detail + "; bootstrap admin from configuration" }, cancellationToken).ConfigureAwait(false);
                LogCreatedFromConfiguration(logger, entry.ObjectId);
                return;
            }
            catch (UserAdminException e)
            {
                // The configured account cannot be made (it exists but is disabled or not Admin, or the password breaks the policy).
                LogConfigurationRefused(logger, e.Message);
            }
        }
        var token = tokens.Issue(o.TokenLifetime);
        LogToken(logger, o.TokenLifetime.TotalMinutes, $"{PagePath}?token={token}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether the bootstrap page is open: a live token and still no enabled Admin.</summary>
    public async Task<bool> IsOpenAsync(CancellationToken cancellationToken = default) =>
        tokens.IsActive && await userAdmin.EnabledAdminCountAsync(cancellationToken).ConfigureAwait(false) == 0;

    /// <summary>Whether <paramref name="token"/> is the live one-time token.</summary>
    public bool IsValidToken(string? token) => tokens.Matches(token);

    /// <summary>
    /// Creates the first admin with the password they chose, consuming the token. Returns the audit entry, or null when
    /// the token is wrong, used or expired, or an enabled Admin exists. A password against the policy throws
    /// <see cref="UserAdminException"/> and leaves the token valid.
    /// </summary>
    public async Task<AuditEntry?> CreateAdminAsync(string? token, string userName, string displayName, string password, CancellationToken cancellationToken = default)
    {
        if (!await IsOpenAsync(cancellationToken).ConfigureAwait(false) || !tokens.Matches(token))
        {
            return null;
        }
        var probe = new UserAdminNewUser(userName, displayName, [PacsRoles.Admin], password) { MustChangePassword = false };
        if (!tokens.TryConsume(token))
        {
            return null;
        }
        try
        {
            var entry = await userAdmin.CreateAsync(probe, cancellationToken).ConfigureAwait(false);
            return entry with { Detail = entry.Detail + "; bootstrap admin through the one-time link" };
        }
        catch (UserAdminException)
        {
            // A bad user name or password: let the same person try again with the same link.
            tokens.Restore(token!);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No enabled Admin existed: created the admin {UserName} from Bootstrap:AdminUserName; the password must be changed at the first sign-in. Remove Bootstrap:AdminPassword from the configuration.")]
    private static partial void LogCreatedFromConfiguration(ILogger logger, string? userName);

    [LoggerMessage(Level = LogLevel.Error, Message = "The admin from Bootstrap:AdminUserName was not created: {Reason}")]
    private static partial void LogConfigurationRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No enabled Admin exists. Create the first admin within {Minutes} minutes, once, at {BootstrapUrl} (one-time link; restart the server for a new one)")]
    private static partial void LogToken(ILogger logger, double minutes, string bootstrapUrl);
}
