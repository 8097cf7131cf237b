using System.Collections.Concurrent;

namespace PacsViewer.Web.Reporting;

/// <summary>
/// The report drafts open in any circuit of this server. A viewer opening a report first saves what another of its
/// editors (the same radiologist's other or just-closed tab) still holds, so it starts from the latest text.
/// </summary>
public sealed class OpenReportDrafts
{
    private readonly ConcurrentDictionary<ReportDraft, byte> _drafts = new();

    public void Add(ReportDraft draft) => _drafts.TryAdd(draft, 0);

    public void Remove(ReportDraft draft) => _drafts.TryRemove(draft, out _);

    /// <summary>Saves the pending text of the other open drafts of <paramref name="reportId"/>; true when any had some.</summary>
    public async Task<bool> FlushOthersAsync(Guid reportId, ReportDraft? except, CancellationToken cancellationToken)
    {
        var flushed = false;
        foreach (var draft in _drafts.Keys.Where(d => d.ReportId == reportId && !ReferenceEquals(d, except)))
        {
            if (draft.HasPendingChanges)
            {
                try
                {
                    await draft.FlushAsync(cancellationToken);
                    flushed = true;
                }
                catch (ObjectDisposedException)
                {
                    // disposed meanwhile: it saved its text then
                }
            }
        }
        return flushed;
    }
}
