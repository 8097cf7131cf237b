namespace PacsViewer.Core.Storage;

/// <summary>Retention's settings (<c>Storage:Retention:*</c>).</summary>
public sealed class StorageRetentionOptions
{
    /// <summary>
    /// When true, a daily pass (<see cref="RetentionScheduler"/>) deletes what the dry run lists. False by default: only
    /// dry runs and an admin's "Apply now" delete anything until an admin turns it on.
    /// </summary>
    public bool AutoApply { get; set; }

    /// <summary>How often the automatic pass runs when <see cref="AutoApply"/> is on.</summary>
    public TimeSpan PassInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// When true (the default), a study without a Final report (never reported, or only a draft or preliminary report) is
    /// protected, as a radiology department keeps an unread study. False protects only draft and preliminary reports.
    /// </summary>
    public bool ProtectUnreported { get; set; } = true;
}
