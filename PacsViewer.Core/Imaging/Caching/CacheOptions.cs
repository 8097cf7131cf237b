namespace PacsViewer.Core.Imaging.Caching;

/// <summary>
/// Bounds of the decoded-frame cache and of concurrent decode+render work, bound from the configuration section
/// <see cref="SectionName"/> (e.g. <c>Cache:MemoryBytes</c>).
/// </summary>
public sealed class CacheOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cache";

    /// <summary>Default <see cref="MemoryBytes"/>: 512 MiB.</summary>
    public const long DefaultMemoryBytes = 512L * 1024 * 1024;

    /// <summary>
    /// Upper bound on the pixel bytes (<see cref="DecodedFrame.Length"/>) of the decoded frames the
    /// <see cref="DecodedFrameCache"/> keeps. 0 disables caching (decodes are still shared by concurrent requests).
    /// </summary>
    public long MemoryBytes { get; set; } = DefaultMemoryBytes;

    /// <summary>How many decode+render jobs the <see cref="RenderLimiter"/> lets run at once; default the processor count.</summary>
    public int MaxConcurrentRenders { get; set; } = Environment.ProcessorCount;

    /// <summary>Upper bound on the bytes of grayscale lookup tables the renderer keeps (a 16-bit table is 64 KiB).</summary>
    public long LookupTableBytes { get; set; } = 8L * 1024 * 1024;
}
