using System.Security.Claims;

namespace PacsViewer.Core.Distribution;

/// <summary>Whether a user may send, export, upload: one of their roles is among those an admin allowed.</summary>
public interface IDistributionPermissions
{
    Task<bool> IsAllowedAsync(ClaimsPrincipal user, DistributionAction action, CancellationToken cancellationToken = default);
}
