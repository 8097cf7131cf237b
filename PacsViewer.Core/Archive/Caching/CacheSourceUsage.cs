namespace PacsViewer.Core.Archive.Caching;

/// <summary>What the retrieval cache holds of one source: its instances and their bytes on disk.</summary>
public sealed record CacheSourceUsage(string SourceId, long Objects, long Bytes);
