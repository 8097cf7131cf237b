namespace PacsViewer.Web.Security;

/// <summary>
/// Security headers on every response: a Content Security Policy that allows no inline or foreign script
/// (MudBlazor sets inline styles, so styles may be inline; images may be data: and blob: URLs, which the viewer's
/// canvas uses; the circuit's WebSocket is same-origin, which 'self' covers), no framing, no MIME sniffing, and
/// no Referer (URLs carry study UIDs).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self' blob:; frame-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>Adds the headers to every response (set before the rest of the pipeline writes).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
    }
}
