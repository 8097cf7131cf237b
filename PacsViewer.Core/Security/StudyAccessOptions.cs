namespace PacsViewer.Core.Security;

/// <summary>Study access and break-glass settings (<c>Access:*</c>).</summary>
public sealed class StudyAccessOptions
{
    public const string SectionName = "Access";

    /// <summary>The fewest characters (after trimming) a break-glass reason must have.</summary>
    public const int MinimumReasonLength = 10;

    /// <summary>The longest break-glass reason kept (it is shown to admins in the audit trail).</summary>
    public const int MaximumReasonLength = 500;

    /// <summary>How long one break-glass grant lasts (default 1 hour); a new grant is a new row.</summary>
    public TimeSpan BreakGlassDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a decision for one user and study is reused (frame requests come by the dozen); default 5 s.</summary>
    public TimeSpan DecisionCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Repeated audit records of one kind for one user and study (a refusal, an API access under break-glass, an
    /// opening recorded by both the prerender and the circuit) are written at most once per this interval; default 1 minute.
    /// </summary>
    public TimeSpan RepeatAuditInterval { get; set; } = TimeSpan.FromMinutes(1);
}
