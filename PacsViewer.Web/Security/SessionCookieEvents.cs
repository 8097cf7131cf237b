using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace PacsViewer.Web.Security;

/// <summary>
/// The sign-in cookie's session rules, hooked into its events: at sign-in the session id and sign-in time are added as
/// claims and the ticket's sliding expiry is set to the user's idle timeout (the shortest of their roles); on each
/// request a ticket older than the absolute lifetime or of a session the server ended is refused, and the security
/// stamp check (every <see cref="AuthOptions.RevalidationInterval"/>) also refuses a disabled user. Each ending is
/// audited once (<see cref="SessionEnding"/>) and the request keeps the reason for the login page.
/// </summary>
internal static class SessionCookieEvents
{
    private const string SessionIdItem = ".pacsviewer.session";
    private const string SignedInAtItem = ".pacsviewer.signed_in_at";

    /// <summary>Set by <see cref="SessionStampValidator"/> when the stamp check refused a disabled or locked-out user.</summary>
    internal const string DisabledItem = "PacsViewer.SessionDisabled";

    public static void Configure(CookieAuthenticationOptions cookie)
    {
        var signingIn = cookie.Events.OnSigningIn;
        cookie.Events.OnSigningIn = async context =>
        {
            SigningIn(context);
            await signingIn(context).ConfigureAwait(false);
        };
        var securityStamp = cookie.Events.OnValidatePrincipal;
        cookie.Events.OnValidatePrincipal = context => ValidatePrincipalAsync(context, securityStamp);
    }

    /// <summary>Adds the session's claims (kept across a re-sign-in, e.g. after a password change) and the idle expiry.</summary>
    internal static void SigningIn(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity)
        {
            return;
        }
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var now = (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        var items = context.Properties.Items;
        var sessionId = SessionClaims.SessionIdOf(context.Principal)
            ?? (items.TryGetValue(SessionIdItem, out var keptId) && !string.IsNullOrEmpty(keptId) ? keptId : Guid.NewGuid().ToString("N"));
        var signedInAt = SessionClaims.SignedInAtOf(context.Principal)
            ?? (items.TryGetValue(SignedInAtItem, out var keptAt) ? SessionClaims.ParseTime(keptAt) : null)
            ?? now;
        if (SessionClaims.SessionIdOf(context.Principal) is null)
        {
            identity.AddClaim(new Claim(SessionClaims.SessionId, sessionId));
        }
        if (SessionClaims.SignedInAtOf(context.Principal) is null)
        {
            identity.AddClaim(new Claim(SessionClaims.SignedInAt, SessionClaims.Format(signedInAt)));
        }
        items[SessionIdItem] = sessionId;
        items[SignedInAtItem] = SessionClaims.Format(signedInAt);
        var issued = context.Properties.IssuedUtc ?? now;
        context.Properties.ExpiresUtc = issued + options.IdleTimeoutFor(RolesOf(context.Principal));
        services.GetRequiredService<SessionRegistry>().Touch(sessionId);
    }

    internal static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context, Func<CookieValidatePrincipalContext, Task> securityStamp)
    {
        var principal = context.Principal;
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var registry = services.GetRequiredService<SessionRegistry>();
        var sessionId = SessionClaims.SessionIdOf(principal);
        var signedInAt = SessionClaims.SignedInAtOf(principal);
        if (principal is null || sessionId is null || signedInAt is null)
        {
            // A cookie issued before sessions had ids: sign in again.
            await RejectAsync(context).ConfigureAwait(false);
            return;
        }
        if (registry.EndedBecause(sessionId) is { } ended)
        {
            context.HttpContext.Items[SessionEnding.HttpContextItem] = SessionEnding.Message(ended, LimitFor(ended, options, principal));
            await RejectAsync(context).ConfigureAwait(false);
            return;
        }
        var now = (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        if (now - signedInAt.Value >= options.AbsoluteLifetime)
        {
            await EndAsync(context, principal, sessionId, SessionEndReason.Lifetime, options).ConfigureAwait(false);
            return;
        }
        await securityStamp(context).ConfigureAwait(false);
        if (context.Principal is null)
        {
            var reason = context.HttpContext.Items.ContainsKey(DisabledItem) ? SessionEndReason.Disabled : SessionEndReason.Changed;
            await EndAsync(context, principal, sessionId, reason, options).ConfigureAwait(false);
            return;
        }
        // The stamp check rebuilds the principal from the database (new roles): the idle span follows the roles.
        var timeout = options.IdleTimeoutFor(RolesOf(context.Principal));
        if (context.Properties.IssuedUtc is { } issued && context.Properties.ExpiresUtc is { } expires && expires - issued != timeout)
        {
            context.Properties.ExpiresUtc = issued + timeout;
            context.ShouldRenew = true;
        }
    }

    private static async Task EndAsync(CookieValidatePrincipalContext context, ClaimsPrincipal principal, string sessionId, SessionEndReason reason, AuthOptions options)
    {
        var services = context.HttpContext.RequestServices;
        var limit = LimitFor(reason, options, principal);
        if (services.GetRequiredService<SessionRegistry>().TryEnd(sessionId, reason))
        {
            await services.GetRequiredService<RequestAudit>()
                .RecordAsync(SessionEnding.AuditEntry(reason, sessionId, limit), principal, context.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        context.HttpContext.Items[SessionEnding.HttpContextItem] = SessionEnding.Message(reason, limit);
        await RejectAsync(context).ConfigureAwait(false);
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not null)
        {
            context.RejectPrincipal();
        }
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme).ConfigureAwait(false);
    }

    private static TimeSpan LimitFor(SessionEndReason reason, AuthOptions options, ClaimsPrincipal principal) => reason switch
    {
        SessionEndReason.Idle => options.IdleTimeoutFor(RolesOf(principal)),
        SessionEndReason.Lifetime => options.AbsoluteLifetime,
        _ => TimeSpan.Zero,
    };

    internal static IEnumerable<string> RolesOf(ClaimsPrincipal principal) =>
        principal.Identities.SelectMany(i => i.FindAll(i.RoleClaimType)).Select(c => c.Value);
}
