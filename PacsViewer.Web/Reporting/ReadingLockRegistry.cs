using System.Collections.Concurrent;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Web.Reporting;

/// <summary>
/// How many live viewers of this server hold each (study, user) lock. A user may have the study open in two tabs,
/// or reopen it before the closed tab's circuit is gone: the lock is released only when the last of them leaves.
/// </summary>
public sealed class ReadingLockRegistry
{
    private readonly ConcurrentDictionary<(string Source, string Study, string User), int> _holders = new();

    public void Enter(StudyKey study, string userName)
    {
        ArgumentNullException.ThrowIfNull(study);
        _holders.AddOrUpdate((study.SourceName, study.StudyInstanceUid, userName), 1, (_, n) => n + 1);
    }

    /// <summary>One viewer left; true when it was the last one (the lock may be released).</summary>
    public bool Exit(StudyKey study, string userName)
    {
        ArgumentNullException.ThrowIfNull(study);
        var key = (study.SourceName, study.StudyInstanceUid, userName);
        while (_holders.TryGetValue(key, out var n))
        {
            if (n <= 1)
            {
                if (_holders.TryRemove(new KeyValuePair<(string, string, string), int>(key, n)))
                {
                    return true;
                }
            }
            else if (_holders.TryUpdate(key, n - 1, n))
            {
                return false;
            }
        }
        return true;
    }

    public int Count(StudyKey study, string userName)
    {
        ArgumentNullException.ThrowIfNull(study);
        return _holders.TryGetValue((study.SourceName, study.StudyInstanceUid, userName), out var n) ? n : 0;
    }
}
