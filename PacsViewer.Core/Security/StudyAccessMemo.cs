using System.Collections.Concurrent;

namespace PacsViewer.Core.Security;

/// <summary>
/// A small in-memory memo keyed by text (user, source, study, kind) with a time to live: the short-lived access
/// decisions and the "recorded lately" marks that keep repeated audit records down. Bounded: expired entries are
/// swept when it grows past <see cref="SweepThreshold"/>, and it is cleared if they are all live.
/// </summary>
public sealed class StudyAccessMemo<T>(TimeProvider time)
{
    public const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<string, (T Value, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string key, out T value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Until > time.GetUtcNow())
        {
            value = entry.Value;
            return true;
        }
        value = default!;
        return false;
    }

    public void Set(string key, T value, TimeSpan lifetime)
    {
        if (_entries.Count >= SweepThreshold)
        {
            Sweep();
        }
        _entries[key] = (value, time.GetUtcNow() + lifetime);
    }

    /// <summary>True (and marks <paramref name="key"/> for <paramref name="lifetime"/>) unless it is marked already.</summary>
    public bool TryMark(string key, T value, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        while (true)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                if (entry.Until > now)
                {
                    return false;
                }
                if (_entries.TryUpdate(key, (value, now + lifetime), entry))
                {
                    return true;
                }
                continue;
            }
            if (_entries.Count >= SweepThreshold)
            {
                Sweep();
            }
            if (_entries.TryAdd(key, (value, now + lifetime)))
            {
                return true;
            }
        }
    }

    public void Remove(string key) => _entries.TryRemove(key, out _);

    /// <summary>Removes every key that starts with <paramref name="prefix"/>.</summary>
    public void RemovePrefix(string prefix)
    {
        foreach (var key in _entries.Keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            if (entry.Until <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }
        if (_entries.Count >= SweepThreshold)
        {
            _entries.Clear();
        }
    }
}
