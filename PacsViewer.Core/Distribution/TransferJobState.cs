namespace PacsViewer.Core.Distribution;

/// <summary>Where a <see cref="TransferJob"/> is in its life. The last four are final: the job never runs again.</summary>
public enum TransferJobState
{
    /// <summary>Waiting for a runner (first run, or a retry due at <see cref="TransferJob.NextAttemptAt"/>).</summary>
    Queued,

    /// <summary>Taken by a runner, which holds its lease (<see cref="TransferJob.LeaseExpiresAt"/>).</summary>
    Running,

    /// <summary>Every object done.</summary>
    Succeeded,

    /// <summary>Finished, some objects done and some failed (each failed <see cref="TransferJobItem"/> says why).</summary>
    PartlyFailed,

    /// <summary>Nothing could be done after the last attempt (or the job itself is impossible); <see cref="TransferJob.LastError"/> says why.</summary>
    Failed,

    /// <summary>Cancelled by a user; objects already done stay done.</summary>
    Cancelled,
}
