namespace PacsViewer.Web.Security;

/// <summary>Sign-in sessions (section <c>Auth</c>).</summary>
public sealed record AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The sign-in cookie lapses after this long without a request (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a live circuit re-checks that its user still exists, is not locked out and has the same roles.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}
