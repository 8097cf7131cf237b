namespace PacsViewer.Core.Security;

/// <summary>
/// The first admin of a database without an enabled Admin (section <c>Bootstrap</c>). With
/// <see cref="AdminUserName"/> and <see cref="AdminPassword"/> set, that account is created once at start; without them,
/// a one-time link is written to the log instead (see <see cref="BootstrapAdminService"/>).
/// </summary>
public sealed record BootstrapOptions
{
    public const string SectionName = "Bootstrap";

    public string? AdminUserName { get; set; }

    /// <summary>The initial password (policy applies); the admin must change it at the first sign-in. Never logged.</summary>
    public string? AdminPassword { get; set; }

    public string AdminDisplayName { get; set; } = "Administrator";

    /// <summary>How long the one-time bootstrap link stays valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Never print the password.</summary>
    public override string ToString() => $"Bootstrap {{ AdminUserName = {AdminUserName}, TokenLifetime = {TokenLifetime} }}";
}
