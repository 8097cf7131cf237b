using System.Security.Claims;
using PacsViewer.Core.Security;

namespace PacsViewer.Core.Storage;

/// <summary>The storage screen, retention and holds are for admins only; checked again in each service.</summary>
internal static class StorageAdmin
{
    public static void Require(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true } || !user.IsInRole(PacsRoles.Admin))
        {
            throw new StorageException("Only an admin can manage storage, retention and holds.");
        }
    }
}
