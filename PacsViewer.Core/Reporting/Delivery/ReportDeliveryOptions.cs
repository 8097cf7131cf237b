namespace PacsViewer.Core.Reporting.Delivery;

/// <summary>Retry policy of the report delivery outbox (section <c>Reporting:Delivery</c>).</summary>
public sealed record ReportDeliveryOptions
{
    public const string SectionName = "Reporting:Delivery";

    /// <summary>Wait after the first failure; doubled after each further failure.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait between attempts.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this many failed attempts the row is marked Failed (kept and shown; an admin can retry it).</summary>
    public int MaxAttempts { get; set; } = 20;

    /// <summary>How often the outbox is checked for due rows.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one server owns an attempt; another server retries the row after this if the first died.</summary>
    public TimeSpan AttemptLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait before attempt <paramref name="failedAttempts"/> + 1: base x 2^(failed - 1), at most <see cref="MaxDelay"/>.</summary>
    public TimeSpan DelayAfter(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = Math.Min((double)BaseDelay.Ticks * Math.Pow(2, exponent), MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
