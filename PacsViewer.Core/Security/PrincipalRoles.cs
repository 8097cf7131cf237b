using System.Security.Claims;

namespace PacsViewer.Core.Security;

public static class PrincipalRoles
{
    /// <summary>The user's roles (the identity's role claim type), distinct and in ordinal order, comma-separated.</summary>
    public static string Joined(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var type = user.Identity is ClaimsIdentity identity ? identity.RoleClaimType : ClaimTypes.Role;
        return string.Join(',', user.FindAll(type).Select(c => c.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }
}
