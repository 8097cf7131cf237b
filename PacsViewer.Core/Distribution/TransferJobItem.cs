namespace PacsViewer.Core.Distribution;

/// <summary>
/// One object of a <see cref="TransferJob"/>: an instance to send or export, or an uploaded file. A resumed job carries
/// on with its Pending items; a partly failed job lists its Failed items with their reasons.
/// </summary>
public sealed class TransferJobItem
{
    public long Id { get; set; }

    public long JobId { get; set; }

    public TransferItemState State { get; set; }

    public string? SeriesInstanceUid { get; set; }

    /// <summary>The instance (null for an uploaded file that is not valid DICOM).</summary>
    public string? SopInstanceUid { get; set; }

    /// <summary>What to show for this object: the uploaded file's name, or the instance number and series.</summary>
    public string? Label { get; set; }

    /// <summary>Where the object waits (Upload: its staged file under a server-generated name).</summary>
    public string? StagedPath { get; set; }

    public long Bytes { get; set; }

    public int Attempts { get; set; }

    /// <summary>Why this object failed or was skipped (a status code and its meaning, a validation error).</summary>
    public string? Error { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
