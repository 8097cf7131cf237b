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

    /// <summary>
    /// The TCP port of the archive's DICOM receiver (C-STORE and C-ECHO SCP); null runs no receiver, 0 takes a free
    /// port (tests).
    /// </summary>
    public int? ReceiverPort { get; set; }

    /// <summary>The receiver's AE title: associations calling another title are rejected.</summary>
    public string ReceiverAeTitle { get; set; } = "PACSVIEWER";

    /// <summary>Calling AE titles the receiver accepts; empty accepts any.</summary>
    public List<string> ReceiverAllowedCallingAeTitles { get; set; } = [];

    /// <summary>
    /// Accounts the receiver requires (User Identity negotiation, PS3.7 D.3.3.7); empty checks no identity. See
    /// <see cref="ReceiverUser"/>.
    /// </summary>
    public List<ReceiverUser> ReceiverUsers { get; set; } = [];

    /// <summary>The address the receiver listens on: loopback unless set (e.g. <c>0.0.0.0</c> for every interface).</summary>
    public string ReceiverBindAddress { get; set; } = "127.0.0.1";
}
