using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Security;

namespace PacsViewer.Web.Security;

/// <summary>
/// Identity's sign-in manager, refusing a disabled account (<see cref="PacsUser.DisabledAt"/>) before its password is
/// even checked: a password sign-in answers "not allowed", and so does any other sign-in path (an external login).
/// </summary>
public sealed class IdentitySignInManager(
    UserManager<PacsUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PacsUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PacsUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PacsUser> confirmation)
    : SignInManager<PacsUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PacsUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.DisabledAt is null && await base.CanSignInAsync(user).ConfigureAwait(false);
    }
}
