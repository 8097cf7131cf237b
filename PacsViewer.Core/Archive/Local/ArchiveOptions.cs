namespace PacsViewer.Core.Archive.Local;

/// <summary>The built-in archive's settings (section <c>Archive</c>).</summary>
public sealed record ArchiveOptions
{
    public const string SectionName = "Archive";

    /// <summary>The default root, relative to the app's content root.</summary>
    public const string DefaultPath = "data/archive";

    /// <summary>The archive's root folder: objects/, incoming/ and tmp/ live under it.</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>The <see cref="IStudySource.Id"/> of the archive.</summary>
    public string SourceId { get; set; } = "archive";

    /// <summary>Largest object accepted from a stream (a file handed over is checked against it too).</summary>
    public long MaxObjectBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Most study, series or instance rows one search returns when the query sets no limit.</summary>
    public int MaxQueryResults { get; set; } = 1000;
}
