namespace PacsViewer.Core.Security;

/// <summary>A user as the admin screen lists it (never a password or its hash).</summary>
/// <param name="LockedOutUntil">The end of a lockout after failed sign-ins that has not ended yet (null: not locked out).</param>
public sealed record UserAdminSummary(
    string UserName,
    string DisplayName,
    IReadOnlyList<string> Roles,
    DateTimeOffset? DisabledAt,
    DateTimeOffset? LockedOutUntil,
    bool MustChangePassword)
{
    public bool IsEnabledAdmin => DisabledAt is null && Roles.Contains(PacsRoles.Admin, StringComparer.Ordinal);
}
