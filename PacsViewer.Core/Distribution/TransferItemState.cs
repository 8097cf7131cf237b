namespace PacsViewer.Core.Distribution;

/// <summary>Where one object of a <see cref="TransferJob"/> is.</summary>
public enum TransferItemState
{
    Pending,
    Done,

    /// <summary>Failed for good (or after the job's last attempt); <see cref="TransferJobItem.Error"/> says why.</summary>
    Failed,

    /// <summary>Not transferred on purpose (a duplicate already stored, or left out by the job's options).</summary>
    Skipped,
}
