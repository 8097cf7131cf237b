namespace PacsViewer.Core.Distribution.Upload;

/// <summary>
/// Limits and staging of browser uploads (section <c>Distribution:Upload</c>; the staging folder is
/// <c>Distribution:UploadFolder</c>, by default <c>uploads/</c> under the built-in archive's folder, so staged files sit
/// on the archive's file system).
/// </summary>
public sealed record UploadOptions
{
    public const string SectionName = "Distribution:Upload";

    /// <summary>The configuration key of the staging folder.</summary>
    public const string FolderKey = "Distribution:UploadFolder";

    /// <summary>Where uploaded files wait for their job, under server-generated names (set by the app's wiring).</summary>
    public string Folder { get; set; } = "";

    /// <summary>Largest single file (or ZIP entry, once expanded), in bytes.</summary>
    public long MaxFileBytes { get; set; } = 1L * 1024 * 1024 * 1024;

    /// <summary>Most files in one upload, ZIP entries included.</summary>
    public int MaxFiles { get; set; } = 10_000;

    /// <summary>Most bytes in one upload: what was sent plus what ZIPs expanded to.</summary>
    public long MaxTotalBytes { get; set; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Most entries in one ZIP.</summary>
    public int MaxZipEntries { get; set; } = 10_000;

    /// <summary>
    /// Highest ratio of an entry's expanded size to its compressed size (a zip bomb expands thousands of times);
    /// checked on entries larger than <see cref="RatioCheckMinBytes"/>, since tiny entries may compress very well.
    /// </summary>
    public int MaxCompressionRatio { get; set; } = 200;

    /// <summary>Entries smaller than this are not held to <see cref="MaxCompressionRatio"/>.</summary>
    public long RatioCheckMinBytes { get; set; } = 1024 * 1024;

    /// <summary>Staged files older than this with no job are deleted at start (an upload cut off half way).</summary>
    public TimeSpan OrphanAge { get; set; } = TimeSpan.FromDays(2);

    public bool IsValid() =>
        MaxFileBytes > 0 && MaxFiles > 0 && MaxTotalBytes > 0 && MaxZipEntries > 0 && MaxCompressionRatio > 0 && RatioCheckMinBytes >= 0;
}
