using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Security;

namespace PacsViewer.Web.Security;

/// <summary>
/// A circuit's authentication, re-checked every <see cref="AuthOptions.RevalidationInterval"/> (default one minute):
/// a session the server ended (idle, in another tab or over HTTP), past its absolute lifetime, of a user deleted,
/// disabled (<see cref="PacsUser.DisabledAt"/>) or locked out, whose security stamp changed (password reset, sign-out
/// everywhere) or whose roles changed since sign-in is signed out of the live circuit, and the ending is audited once.
/// The page then goes to the login page, whose request finds the session ended and clears the cookie.
/// </summary>
public sealed class RevalidatingIdentityAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IOptions<IdentityOptions> identityOptions,
    IOptions<AuthOptions> authOptions,
    SessionRegistry sessions,
    TimeProvider time) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => authOptions.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        var reason = await CheckAsync(principal).ConfigureAwait(false);
        if (reason is null)
        {
            return true;
        }
        if (SessionClaims.SessionIdOf(principal) is not { } sessionId || sessions.TryEnd(sessionId, reason.Value))
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var limit = reason == SessionEndReason.Lifetime ? authOptions.Value.AbsoluteLifetime
                    : authOptions.Value.IdleTimeoutFor(SessionCookieEvents.RolesOf(principal));
                var entry = SessionEnding.AuditEntry(reason.Value, SessionClaims.SessionIdOf(principal), limit).By(principal);
                await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }
        return false;
    }

    /// <summary>Whether the signed-in <paramref name="principal"/> still matches its user in the database.</summary>
    internal async Task<bool> IsStillValidAsync(ClaimsPrincipal principal) => await CheckAsync(principal).ConfigureAwait(false) is null;

    /// <summary>Why <paramref name="principal"/>'s session must end now, or null while it may go on.</summary>
    internal async Task<SessionEndReason?> CheckAsync(ClaimsPrincipal principal)
    {
        var sessionId = SessionClaims.SessionIdOf(principal);
        if (sessionId is not null && sessions.EndedBecause(sessionId) is { } ended)
        {
            return ended;
        }
        var now = time.GetUtcNow();
        if (SessionClaims.SignedInAtOf(principal) is { } signedInAt && now - signedInAt >= authOptions.Value.AbsoluteLifetime)
        {
            return SessionEndReason.Lifetime;
        }
        // A backstop for the page's idle log-off (IdleLogoff): no activity reported for the user's idle timeout.
        if (sessionId is not null && sessions.LastActivity(sessionId) is { } lastActivity
            && now - lastActivity >= authOptions.Value.IdleTimeoutFor(SessionCookieEvents.RolesOf(principal)))
        {
            return SessionEndReason.Idle;
        }
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>();
            return await CheckUserAsync(users, principal).ConfigureAwait(false);
        }
    }

    private async Task<SessionEndReason?> CheckUserAsync(UserManager<PacsUser> users, ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal).ConfigureAwait(false);
        if (user is null)
        {
            return SessionEndReason.Changed;
        }
        if (user.DisabledAt is not null || await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            return SessionEndReason.Disabled;
        }
        var claims = identityOptions.Value.ClaimsIdentity;
        if (users.SupportsUserSecurityStamp
            && principal.FindFirstValue(claims.SecurityStampClaimType) != await users.GetSecurityStampAsync(user).ConfigureAwait(false))
        {
            return SessionEndReason.Changed;
        }
        var signedInRoles = principal.FindAll(claims.RoleClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var currentRoles = await users.GetRolesAsync(user).ConfigureAwait(false);
        return signedInRoles.SetEquals(currentRoles) ? null : SessionEndReason.Changed;
    }
}
