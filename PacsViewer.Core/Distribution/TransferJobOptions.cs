namespace PacsViewer.Core.Distribution;

/// <summary>How the transfer job runner works (section <c>Distribution:Jobs</c>).</summary>
public sealed record TransferJobOptions
{
    public const string SectionName = "Distribution:Jobs";

    /// <summary>Runs of one job before it is marked Failed (a retry after a thrown failure is a new run).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait after the first failed run; doubled after each further failure.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait between runs.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a runner owns a running job without renewing; another runner resumes it after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a running job's lease is renewed and its cancel flag read.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Jobs one server runs at the same time.</summary>
    public int MaxConcurrentJobs { get; set; } = 2;

    /// <summary>How often the queue is looked at when nothing wakes the runner (a job queued by another server, a retry due).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Finished jobs (and an export's file) are deleted this many days after they finished.</summary>
    public int KeepDays { get; set; } = 30;

    /// <summary>The wait before run <paramref name="failedAttempts"/> + 1: base x 2^(failed - 1), at most <see cref="MaxDelay"/>.</summary>
    public TimeSpan DelayAfter(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = Math.Min((double)BaseDelay.Ticks * Math.Pow(2, exponent), MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
