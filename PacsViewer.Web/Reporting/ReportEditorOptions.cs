namespace PacsViewer.Web.Reporting;

/// <summary>The report editor beside the viewer (<c>Reporting:Editor</c>): autosave and lock renewal timing.</summary>
public sealed class ReportEditorOptions
{
    public const string SectionName = "Reporting:Editor";

    /// <summary>A change is saved on the server at most this long after it was typed (also while typing goes on).</summary>
    public TimeSpan AutosaveDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>After a failed save (not a conflict), how long until the pending text is tried again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a live viewer renews its reading lock (well inside <c>Worklist:LockIdleTimeout</c>).</summary>
    public TimeSpan LockRenewInterval { get; set; } = TimeSpan.FromMinutes(1);
}
