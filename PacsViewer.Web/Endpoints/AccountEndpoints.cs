using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Security;
using PacsViewer.Web.Security;

namespace PacsViewer.Web.Endpoints;

/// <summary>Sign-out: a form POST with the antiforgery token (the login itself is the static page /account/login); audited as Logout.</summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<PacsUser> signIn, RequestAudit audit, [FromForm] string? returnUrl) =>
        {
            if (http.User.Identity?.IsAuthenticated == true)
            {
                await audit.RecordAsync(new AuditEntry(AuditActions.Logout), http.User, http.RequestAborted).ConfigureAwait(false);
            }
            await signIn.SignOutAsync().ConfigureAwait(false);
            return TypedResults.LocalRedirect($"/account/login?returnUrl={Uri.EscapeDataString(LocalReturnUrl.Sanitize(returnUrl))}");
        });
        return app;
    }
}
