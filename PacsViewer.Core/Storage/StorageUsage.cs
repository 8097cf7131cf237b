namespace PacsViewer.Core.Storage;

/// <summary>
/// Objects and bytes stored now in one area for one source and modality (the archive counts by its series' Modality,
/// the cache by source only, with an empty modality).
/// </summary>
public sealed record StorageUsage(StorageArea Area, string SourceName, string Modality, long Objects, long Bytes);
