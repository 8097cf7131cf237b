using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Security;

namespace PacsViewer.Web.Security;

/// <summary>
/// A circuit's authentication, re-checked every <see cref="AuthOptions.RevalidationInterval"/> (default one minute):
/// a user deleted, locked out (disabled), whose security stamp changed (password reset, sign-out everywhere) or whose
/// roles changed since sign-in is signed out of the live circuit.
/// </summary>
public sealed class RevalidatingIdentityAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IOptions<IdentityOptions> identityOptions,
    IOptions<AuthOptions> authOptions) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => authOptions.Value.RevalidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillValidAsync(authenticationState.User);

    /// <summary>Whether the signed-in <paramref name="principal"/> still matches its user in the database.</summary>
    internal async Task<bool> IsStillValidAsync(ClaimsPrincipal principal)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>();
            return await IsStillValidAsync(users, principal).ConfigureAwait(false);
        }
    }

    private async Task<bool> IsStillValidAsync(UserManager<PacsUser> users, ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal).ConfigureAwait(false);
        if (user is null || await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            return false;
        }
        var claims = identityOptions.Value.ClaimsIdentity;
        if (users.SupportsUserSecurityStamp
            && principal.FindFirstValue(claims.SecurityStampClaimType) != await users.GetSecurityStampAsync(user).ConfigureAwait(false))
        {
            return false;
        }
        var signedInRoles = principal.FindAll(claims.RoleClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var currentRoles = await users.GetRolesAsync(user).ConfigureAwait(false);
        return signedInRoles.SetEquals(currentRoles);
    }
}
