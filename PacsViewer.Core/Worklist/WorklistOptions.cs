namespace PacsViewer.Core.Worklist;

/// <summary>Worklist settings (section <c>Worklist</c>).</summary>
public sealed record WorklistOptions
{
    public const string SectionName = "Worklist";

    /// <summary>A reading lock lapses after this long without activity (claim or renew); then anyone may claim the study.</summary>
    public TimeSpan LockIdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Largest page the worklist query returns.</summary>
    public int MaxPageSize { get; set; } = 500;

    /// <summary>How often the configured sources are queried for new studies (0: only the archive's own notifications).</summary>
    public TimeSpan SourcePollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many days back a source poll asks for.</summary>
    public int SourcePollDays { get; set; } = 7;
}
