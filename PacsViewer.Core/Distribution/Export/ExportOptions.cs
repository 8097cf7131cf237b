namespace PacsViewer.Core.Distribution.Export;

/// <summary>Where export jobs write their ZIPs, and how large a direct download may be (<c>Distribution:*</c>).</summary>
public sealed record ExportOptions
{
    public const string SectionName = "Distribution";

    /// <summary>The folder of finished exports; empty: <c>exports</c> beside the built-in archive's folder.</summary>
    public string? ExportFolder { get; set; }

    /// <summary>A direct download (no job) of a study with more objects than this is refused: queue an export job.</summary>
    public int MaxDirectDownloadObjects { get; set; } = 2000;

    /// <summary>The export folder as a full path, given the archive's path.</summary>
    public string ResolveFolder(string archivePath) => Path.GetFullPath(string.IsNullOrWhiteSpace(ExportFolder)
        ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(archivePath)) ?? ".", "exports")
        : ExportFolder);
}
