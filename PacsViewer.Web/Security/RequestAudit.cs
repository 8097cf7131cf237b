using System.Security.Claims;
using PacsViewer.Core.Audit;

namespace PacsViewer.Web.Security;

/// <summary>
/// Records an audit entry on behalf of a user of the web app: the user's name and roles, and the client's network
/// address where the current request has one (an HTTP request; in a circuit, the connection's, when ASP.NET Core
/// still exposes it). Use it from endpoints and components instead of <see cref="IAuditLog"/> directly.
/// </summary>
public sealed class RequestAudit(IAuditLog log, IHttpContextAccessor http)
{
    public Task<AuditEvent> RecordAsync(AuditEntry entry, ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var withUser = entry.By(user);
        if (withUser.ClientAddress is null && http.HttpContext?.Connection.RemoteIpAddress is { } address)
        {
            withUser = withUser with { ClientAddress = (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString() };
        }
        return log.RecordAsync(withUser, cancellationToken);
    }
}
