namespace PacsViewer.Core.Archive.Caching;

/// <summary>
/// Bounds and place of the on-disk <see cref="RetrievalCache"/>, bound from the configuration section
/// <see cref="SectionName"/> (<c>Cache:DiskBytes</c>, <c>Cache:Path</c>, <c>Cache:MaxParallelRetrievals</c>).
/// </summary>
public sealed class RetrievalCacheOptions
{
    /// <summary>The configuration section these options are bound from (shared with the decoded-frame cache's options).</summary>
    public const string SectionName = "Cache";

    /// <summary>Default <see cref="DiskBytes"/>: 10 GiB.</summary>
    public const long DefaultDiskBytes = 10L * 1024 * 1024 * 1024;

    /// <summary>
    /// Upper bound on the bytes of the retrieved instances kept on disk; least recently used instances are deleted
    /// first, never while one is leased. 0 keeps nothing once its readers are done.
    /// </summary>
    public long DiskBytes { get; set; } = DefaultDiskBytes;

    /// <summary>
    /// The folder holding the cached files and the index; created when missing. The cache owns it: files it did not
    /// write are deleted at start. Empty means <c>pacsviewer-retrieval-cache</c> under the system temp folder.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>How many instances a series retrieval asks its source for at once.</summary>
    public int MaxParallelRetrievals { get; set; } = 4;

    /// <summary>The folder actually used: <see cref="Path"/>, or the default under the system temp folder.</summary>
    public string ResolvePath() =>
        string.IsNullOrWhiteSpace(Path)
            ? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pacsviewer-retrieval-cache")
            : System.IO.Path.GetFullPath(Path);
}
