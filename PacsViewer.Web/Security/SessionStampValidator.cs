using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Security;

namespace PacsViewer.Web.Security;

/// <summary>
/// Identity's security stamp check of the sign-in cookie (every <see cref="AuthOptions.RevalidationInterval"/>), which
/// also refuses a user an admin disabled (<see cref="PacsUser.DisabledAt"/>) or who is locked out, even when their
/// stamp was not changed.
/// </summary>
internal sealed class SessionStampValidator(IOptions<SecurityStampValidatorOptions> options, SignInManager<PacsUser> signInManager, ILoggerFactory logger)
    : SecurityStampValidator<PacsUser>(options, signInManager, logger)
{
    protected override async Task<PacsUser?> VerifySecurityStamp(ClaimsPrincipal? principal)
    {
        // Checked before the stamp: disabling also changes the stamp, and the reason audited is "disabled".
        var users = SignInManager.UserManager;
        if (principal is not null && await users.GetUserAsync(principal).ConfigureAwait(false) is { } user
            && (user.DisabledAt is not null || await users.IsLockedOutAsync(user).ConfigureAwait(false)))
        {
            SignInManager.Context.Items[SessionCookieEvents.DisabledItem] = true;
            return null;
        }
        return await base.VerifySecurityStamp(principal).ConfigureAwait(false);
    }
}
