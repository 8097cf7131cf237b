namespace PacsViewer.Core.Distribution;

/// <summary>
/// A persistent transfer (issue 8): sending, exporting or uploading objects. Queued in the app database so it survives a
/// restart, taken by one runner at a time through a lease (so two app servers never run it at once), retried with
/// backoff, cancellable. Progress lives in the counters here; each object's outcome in its <see cref="TransferJobItem"/>.
/// </summary>
public sealed class TransferJob
{
    public long Id { get; set; }

    public TransferJobKind Kind { get; set; }

    public TransferJobState State { get; set; }

    /// <summary>The user who asked for it (or <c>pacs</c> for the command line).</summary>
    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a runner last changed this row (progress, state).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The source the objects come from (Send, Export); null for Upload.</summary>
    public string? SourceName { get; set; }

    public string? StudyInstanceUid { get; set; }

    /// <summary>One series only, or null for the whole study.</summary>
    public string? SeriesInstanceUid { get; set; }

    /// <summary>The study's patient and description, for the jobs page (never logged).</summary>
    public string? PatientId { get; set; }

    public string? PatientName { get; set; }

    /// <summary>What the job does, in words, for the jobs page (e.g. "CT chest to ORTHANC by C-STORE").</summary>
    public string? Description { get; set; }

    /// <summary>The destination's name (a study source / PACS connection, or the built-in archive); null for Export.</summary>
    public string? Destination { get; set; }

    /// <summary>The kind's own options as JSON (each handler owns its parameter record).</summary>
    public string ParametersJson { get; set; } = "{}";

    /// <summary>Objects planned (0 until the handler has listed them).</summary>
    public int TotalObjects { get; set; }

    public int DoneObjects { get; set; }

    public int FailedObjects { get; set; }

    /// <summary>Bytes planned, when known (0 otherwise).</summary>
    public long TotalBytes { get; set; }

    public long DoneBytes { get; set; }

    /// <summary>Runs started so far (the first run is attempt 1).</summary>
    public int Attempts { get; set; }

    /// <summary>When a queued job may run (now for a new job, later for a retry after backoff).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Why the last run failed, or why the job failed; short, never patient data.</summary>
    public string? LastError { get; set; }

    /// <summary>Set by a user; the runner stops at the next object and marks the job Cancelled.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>Which runner (server instance) holds the job while Running.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>The running job's lease; a job whose lease ran out (its server stopped) is taken again and resumed.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>What the job produced, when it produces a file (Export: the ZIP, under a server-generated name).</summary>
    public string? ResultPath { get; set; }

    /// <summary>Optimistic concurrency for changes outside the runner (cancel, retry).</summary>
    public Guid Version { get; set; }
}
