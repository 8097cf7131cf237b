namespace PacsViewer.Core.Storage;

/// <summary>The storage screen's and retention's settings (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>How often the <see cref="StorageSampler"/> measures the archive and the cache (and once at start).</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Samples newer than this are all kept; older ones are thinned to the first of each UTC day.</summary>
    public TimeSpan KeepHourlySamples { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Retention of the built-in archive (<c>Storage:Retention:*</c>).</summary>
    public StorageRetentionOptions Retention { get; set; } = new();
}
