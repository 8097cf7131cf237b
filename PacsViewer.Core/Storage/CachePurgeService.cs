using System.Security.Claims;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Audit;

namespace PacsViewer.Core.Storage;

/// <summary>Purges the retrieval cache (all of it or one source's entries) for an admin, audited as a configuration change.</summary>
public sealed class CachePurgeService(RetrievalCache cache, IAuditLog audit)
{
    /// <summary>The audit record's object type of a cache purge (ObjectId: the source, or "all").</summary>
    public const string AuditObjectType = "RetrievalCache";

    public async Task<CachePurgeResult> PurgeAsync(string? sourceId, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        StorageAdmin.Require(user);
        var result = await Task.Run(() => cache.Purge(string.IsNullOrEmpty(sourceId) ? null : sourceId), cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(new AuditEntry(AuditActions.ConfigurationChanged)
        {
            ObjectType = AuditObjectType, ObjectId = result.SourceId ?? "all",
            Detail = $"cache purged ({(result.SourceId is null ? "every source" : "source " + result.SourceId)}): {result.Removed} objects, {result.Bytes} bytes"
                + (result.Leased > 0 ? $"; {result.Leased} in use are deleted when released" : ""),
        }.By(user), cancellationToken).ConfigureAwait(false);
        return result;
    }
}
