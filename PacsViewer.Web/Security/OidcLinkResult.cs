using PacsViewer.Core.Security;

namespace PacsViewer.Web.Security;

/// <summary>What linking a provider's identity to a local user gave: the user to sign in, or why not (a code for the login page).</summary>
public sealed record OidcLinkResult(PacsUser? User, string? Refusal)
{
    public static OidcLinkResult Linked(PacsUser user) => new(user, null);

    public static OidcLinkResult Refused(string code) => new(null, code);

    /// <summary>The login page's message for a refusal code (codes only travel in the URL, never provider data).</summary>
    public static string MessageFor(string? code) => code switch
    {
        "norole" => "Your single sign-on account has no role in PacsViewer. Ask an administrator.",
        "taken" => "A PacsViewer account with your user name already exists and is not linked to single sign-on. Ask an administrator.",
        "disabled" => "Your account is disabled or locked. Ask an administrator.",
        "incomplete" => "The single sign-on provider did not say who you are (subject and user name).",
        _ => "Single sign-on failed. Try again or sign in with your password.",
    };
}
