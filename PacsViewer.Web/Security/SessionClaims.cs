using System.Globalization;
using System.Security.Claims;

namespace PacsViewer.Web.Security;

/// <summary>
/// The claims a sign-in session carries besides Identity's own: an id (random, no personal data) that ties the
/// cookie, the circuits and the activity reports of one sign-in together, and the sign-in time (for the absolute lifetime).
/// </summary>
public static class SessionClaims
{
    public const string SessionId = "pacsviewer:session";

    public const string SignedInAt = "pacsviewer:signed_in_at";

    /// <summary>The session id of <paramref name="principal"/>, or null when it has none.</summary>
    public static string? SessionIdOf(ClaimsPrincipal? principal) => principal?.FindFirst(SessionId)?.Value;

    /// <summary>When <paramref name="principal"/> signed in, or null when it does not say (or says it badly).</summary>
    public static DateTimeOffset? SignedInAtOf(ClaimsPrincipal? principal) => ParseTime(principal?.FindFirst(SignedInAt)?.Value);

    /// <summary>A time written by <see cref="Format"/>, or null.</summary>
    public static DateTimeOffset? ParseTime(string? value) =>
        value is not null && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;

    public static string Format(DateTimeOffset signedInAt) => signedInAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Copies the session's claims of <paramref name="from"/> onto <paramref name="to"/>'s first identity (when it lacks them).</summary>
    public static void Copy(ClaimsPrincipal from, ClaimsPrincipal to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (to.Identity is not ClaimsIdentity identity)
        {
            return;
        }
        foreach (var type in (string[])[SessionId, SignedInAt])
        {
            if (from.FindFirst(type) is { } claim && !to.HasClaim(c => c.Type == type))
            {
                identity.AddClaim(new Claim(type, claim.Value));
            }
        }
    }
}
