namespace PacsViewer.Core.Archive.Caching;

/// <summary>
/// What a purge of the retrieval cache did: entries taken out of the index and their bytes; of those, the ones in use
/// (leased) are deleted when their last reader lets go, the others at once.
/// </summary>
public sealed record CachePurgeResult(string? SourceId, int Removed, long Bytes, int Leased);
