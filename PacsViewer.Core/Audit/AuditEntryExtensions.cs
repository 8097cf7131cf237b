using System.Security.Claims;
using PacsViewer.Core.Security;

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
        return entry with { UserName = identity.Name, UserRoles = PrincipalRoles.Joined(user) };
    }
}
