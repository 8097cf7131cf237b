namespace PacsViewer.Core.Archive.Caching;

/// <summary>The retrieval cache's <c>index.json</c>: its format version and the entries, least recently used first.</summary>
internal sealed record IndexDocument(int Version, List<IndexRecord> Entries);
