using Microsoft.AspNetCore.Identity;

namespace PacsViewer.Core.Security;

/// <summary>A role (see <see cref="PacsRoles"/> for the ones the app knows).</summary>
public sealed class PacsRole : IdentityRole
{
    public PacsRole()
    {
    }

    public PacsRole(string roleName) : base(roleName)
    {
    }
}
