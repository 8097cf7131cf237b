using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace PacsViewer.Core.Security;

/// <summary>
/// Identity's claims (name, id, roles, security stamp) plus <see cref="MustChangePasswordClaimType"/> while the user
/// must choose a new password, so each request can be held at the password page without a database read. The claims
/// are made again at sign-in and whenever the cookie's security stamp is re-validated.
/// </summary>
public sealed class IdentityClaimsPrincipalFactory(UserManager<PacsUser> users, RoleManager<PacsRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PacsUser, PacsRole>(users, roles, options)
{
    /// <summary>Present (value "true") while <see cref="PacsUser.MustChangePassword"/> is set.</summary>
    public const string MustChangePasswordClaimType = "pacsviewer:must_change_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PacsUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user).ConfigureAwait(false);
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePasswordClaimType, "true"));
        }
        return identity;
    }
}
