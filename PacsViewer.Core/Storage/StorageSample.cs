namespace PacsViewer.Core.Storage;

/// <summary>
/// One measurement of stored objects and bytes per area, source and modality, taken periodically, so the storage screen
/// can show growth over time.
/// </summary>
public sealed class StorageSample
{
    public long Id { get; set; }

    public DateTimeOffset TakenAt { get; set; }

    public StorageArea Area { get; set; }

    public required string SourceName { get; set; }

    /// <summary>The modality, or an empty string where it is unknown (the cache counts by source only).</summary>
    public string Modality { get; set; } = "";

    public long Objects { get; set; }

    public long Bytes { get; set; }
}
