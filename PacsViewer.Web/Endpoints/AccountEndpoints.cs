using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PacsViewer.Core.Security;
using PacsViewer.Web.Security;

namespace PacsViewer.Web.Endpoints;

/// <summary>Sign-out: a form POST with the antiforgery token (the login itself is the static page /account/login).</summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<PacsUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync().ConfigureAwait(false);
            return TypedResults.LocalRedirect($"/account/login?returnUrl={Uri.EscapeDataString(LocalReturnUrl.Sanitize(returnUrl))}");
        });
        return app;
    }
}
