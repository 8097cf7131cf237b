using System.Security.Claims;

namespace PacsViewer.Core.Audit;

public static class AuditEntryExtensions
{
    /// <summary>The entry with <paramref name="user"/>'s name and roles (comma-separated) as the active participant.</summary>
    public static AuditEntry By(this AuditEntry entry, ClaimsPrincipal? user)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (user?.Identity is not { IsAuthenticated: true } identity)
        {
            return entry;
        }
        var roles = user.FindAll(identity is ClaimsIdentity claims ? claims.RoleClaimType : ClaimTypes.Role).Select(c => c.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return entry with { UserName = identity.Name, UserRoles = string.Join(',', roles) };
    }
}
