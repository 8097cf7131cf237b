namespace PacsViewer.Core.Archive.Caching;

/// <summary>One instance of one study source: the key of the <see cref="RetrievalCache"/>.</summary>
internal readonly record struct RetrievalKey(string SourceId, InstanceKey Instance);
