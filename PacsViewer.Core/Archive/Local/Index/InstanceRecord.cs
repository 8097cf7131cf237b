namespace PacsViewer.Core.Archive.Local.Index;

/// <summary>One stored object (PS3.4 C.6.2.1.4 instance level) and where its file is.</summary>
public sealed class InstanceRecord
{
    public long Id { get; set; }

    public long SeriesId { get; set; }

    public SeriesRecord? Series { get; set; }

    public required string SopInstanceUid { get; set; }

    public required string SopClassUid { get; set; }

    public int? InstanceNumber { get; set; }

    public required string TransferSyntaxUid { get; set; }

    public int? NumberOfFrames { get; set; }

    public int? Rows { get; set; }

    public int? Columns { get; set; }

    /// <summary>The file, relative to the archive root, '/'-separated; a name the archive made, never one from the data.</summary>
    public required string FilePath { get; set; }

    public long FileSize { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
