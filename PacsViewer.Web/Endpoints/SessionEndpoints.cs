using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Security;
using PacsViewer.Web.Security;

namespace PacsViewer.Web.Endpoints;

/// <summary>
/// Sessions and single sign-on: <c>POST /api/session/activity</c> (a page reports its user's activity: the session's
/// idle clock restarts and the cookie slides), and, when <c>Auth:Oidc</c> is configured, <c>GET /account/login/oidc</c>
/// (to the provider) and <c>GET /account/login/oidc/complete</c> (back from it: link the user, issue the app's cookie).
/// </summary>
internal static class SessionEndpoints
{
    /// <summary>The header a page's activity report carries (a cross-site form cannot send it).</summary>
    public const string ActivityHeader = "X-PacsViewer-Activity";

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/session/activity", async (HttpContext http, SessionRegistry sessions) =>
        {
            if (!http.Request.Headers.ContainsKey(ActivityHeader) || SessionClaims.SessionIdOf(http.User) is not { } sessionId)
            {
                return Results.BadRequest();
            }
            sessions.Touch(sessionId);
            // Slide the cookie now: on its own the cookie handler renews only past half its span, which would let the
            // cookie lapse before the page's idle clock (both then count from this report).
            var signedIn = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme).ConfigureAwait(false);
            if (signedIn is { Succeeded: true, Principal: { } principal, Properties: { } properties })
            {
                properties.IssuedUtc = null;
                properties.ExpiresUtc = null;
                await http.SignInAsync(IdentityConstants.ApplicationScheme, principal, properties).ConfigureAwait(false);
            }
            return Results.NoContent();
        }).RequireAuthorization().DisableAntiforgery();

        app.MapGet("/account/login/oidc", (IOptions<OidcSignInOptions> oidc, string? returnUrl) =>
            !oidc.Value.Enabled
                ? Results.NotFound()
                : Results.Challenge(
                    new AuthenticationProperties { RedirectUri = $"/account/login/oidc/complete?returnUrl={Uri.EscapeDataString(LocalReturnUrl.Sanitize(returnUrl))}" },
                    [OidcSignInOptions.Scheme]))
            .AllowAnonymous();

        app.MapGet("/account/login/oidc/complete", CompleteAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> CompleteAsync(HttpContext http, IOptions<OidcSignInOptions> oidc, OidcAccountLinker linker,
        SignInManager<PacsUser> signIn, RequestAudit audit, string? returnUrl)
    {
        if (!oidc.Value.Enabled)
        {
            return Results.NotFound();
        }
        var external = await http.AuthenticateAsync(IdentityConstants.ExternalScheme).ConfigureAwait(false);
        await http.SignOutAsync(IdentityConstants.ExternalScheme).ConfigureAwait(false);
        if (!external.Succeeded || external.Principal is null)
        {
            return Results.LocalRedirect("/account/login?external=failed");
        }
        var linked = await linker.LinkAsync(external.Principal, http.RequestAborted).ConfigureAwait(false);
        if (linked.User is not { } user)
        {
            return Results.LocalRedirect($"/account/login?external={Uri.EscapeDataString(linked.Refusal ?? "failed")}");
        }
        // The app's own cookie, with its session rules (idle timeout, lifetime, re-checks), as for a password sign-in.
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: OidcSignInOptions.Scheme).ConfigureAwait(false);
        await audit.RecordAsync(new AuditEntry(AuditActions.Login) { UserName = user.UserName, Detail = $"single sign-on ({oidc.Value.DisplayName})" },
            null, http.RequestAborted).ConfigureAwait(false);
        return Results.LocalRedirect(LocalReturnUrl.Sanitize(returnUrl));
    }
}
