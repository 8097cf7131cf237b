using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PacsViewer.Web.Security;

/// <summary>
/// What this server knows of each sign-in session (<see cref="SessionClaims.SessionId"/>): when its user was last active
/// (activity reported by a page, a page load, the sign-in) and whether the server ended it (idle, lifetime, account
/// change), so a cookie of an ended session is refused on its next request however long it would still be valid.
/// In memory per server: with several servers, sticky sessions keep a browser on one (see README).
/// Entries are forgotten once older than the absolute lifetime (a session cannot outlive that anyway).
/// </summary>
public sealed class SessionRegistry(TimeProvider time, IOptions<AuthOptions> options)
{
    private readonly ConcurrentDictionary<string, SessionState> _sessions = new(StringComparer.Ordinal);
    private long _lastPruneTicks;

    /// <summary>Records activity of <paramref name="sessionId"/> now (nothing once the session has ended).</summary>
    public void Touch(string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var now = time.GetUtcNow();
        _sessions.AddOrUpdate(sessionId, _ => new SessionState(now, null), (_, state) => state.EndedBecause is null ? state with { LastActivity = now } : state);
        PruneNowAndThen(now);
    }

    /// <summary>When <paramref name="sessionId"/> was last active, or null when this server has not seen it.</summary>
    public DateTimeOffset? LastActivity(string sessionId) =>
        _sessions.TryGetValue(sessionId, out var state) ? state.LastActivity : null;

    /// <summary>Why the server ended <paramref name="sessionId"/>, or null while it has not.</summary>
    public SessionEndReason? EndedBecause(string sessionId) =>
        _sessions.TryGetValue(sessionId, out var state) ? state.EndedBecause : null;

    /// <summary>Ends <paramref name="sessionId"/>; true only for the caller that ended it (the one that records the audit event).</summary>
    public bool TryEnd(string sessionId, SessionEndReason reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var now = time.GetUtcNow();
        while (true)
        {
            if (!_sessions.TryGetValue(sessionId, out var state))
            {
                if (_sessions.TryAdd(sessionId, new SessionState(now, reason)))
                {
                    return true;
                }
                continue;
            }
            if (state.EndedBecause is not null)
            {
                return false;
            }
            if (_sessions.TryUpdate(sessionId, state with { EndedBecause = reason }, state))
            {
                return true;
            }
        }
    }

    /// <summary>How many sessions this server remembers (for tests and metrics).</summary>
    public int Count => _sessions.Count;

    private void PruneNowAndThen(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastPruneTicks);
        if (now.UtcTicks - last < TimeSpan.TicksPerMinute || Interlocked.CompareExchange(ref _lastPruneTicks, now.UtcTicks, last) != last)
        {
            return;
        }
        var horizon = now - options.Value.AbsoluteLifetime;
        foreach (var (id, state) in _sessions)
        {
            if (state.LastActivity < horizon)
            {
                _sessions.TryRemove(new KeyValuePair<string, SessionState>(id, state));
            }
        }
    }

    private sealed record SessionState(DateTimeOffset LastActivity, SessionEndReason? EndedBecause);
}
