using PacsViewer.Core.Security;

namespace PacsViewer.Web.Security;

/// <summary>
/// Holds a signed-in user who must choose a new password (<see cref="IdentityClaimsPrincipalFactory.MustChangePasswordClaimType"/>)
/// at <see cref="PagePath"/>: pages redirect there, <c>/api</c> and the circuit answer 403 with a problem. The account
/// pages (sign-out, the password page itself) and the framework's static files stay reachable. Runs after authentication.
/// </summary>
public sealed class PasswordChangeRequiredMiddleware(RequestDelegate next)
{
    public const string PagePath = "/account/password";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.Identity?.IsAuthenticated != true
            || !context.User.HasClaim(c => c.Type == IdentityClaimsPrincipalFactory.MustChangePasswordClaimType)
            || IsAllowed(context.Request.Path))
        {
            return next(context);
        }
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Password change required",
                detail: $"Choose a new password at {PagePath} before using the app.").ExecuteAsync(context);
        }
        var returnUrl = LocalReturnUrl.Sanitize(path + context.Request.QueryString);
        context.Response.Redirect($"{PagePath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
        return Task.CompletedTask;
    }

    /// <summary>
    /// The static files' extensions (styles, scripts, images, fonts). A fixed list, not "any extension": a page path may
    /// end in a UID, whose last component looks like one (<c>/viewer/archive/1.2.840.3</c>).
    /// </summary>
    private static readonly HashSet<string> StaticFileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".css", ".js", ".mjs", ".map", ".png", ".svg", ".ico", ".jpg", ".gif", ".webp", ".woff", ".woff2", ".ttf",
    };

    /// <summary>The account pages and static files (framework scripts, styles, images).</summary>
    private static bool IsAllowed(PathString path) =>
        path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/_framework", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/_content", StringComparison.OrdinalIgnoreCase)
        || (!path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && StaticFileExtensions.Contains(Path.GetExtension(path.Value ?? "")));
}
