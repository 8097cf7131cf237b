namespace PacsViewer.Web.Security;

/// <summary>Where a sign-in may send the browser back to: only a path on this site, never another host.</summary>
public static class LocalReturnUrl
{
    /// <summary>The path when it is local (starts with one '/', no scheme, no "//" or "/\"), otherwise "/".</summary>
    public static string Sanitize(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/')
        {
            return "/";
        }
        if (returnUrl.Length > 1 && (returnUrl[1] == '/' || returnUrl[1] == '\\'))
        {
            return "/";
        }
        return returnUrl.Any(char.IsControl) ? "/" : returnUrl;
    }
}
