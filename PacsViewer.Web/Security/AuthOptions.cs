namespace PacsViewer.Web.Security;

/// <summary>Sign-in sessions (section <c>Auth</c>): idle log-off per role, absolute lifetime, re-checks.</summary>
public sealed record AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>A session lapses after this long without activity (sliding), for roles without their own timeout.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Shorter (or longer) idle timeouts per role (<c>Auth:IdleTimeoutByRole:Clinician</c>); the shortest of a user's roles
    /// applies. Default: Clinician 10 min (shared ward PCs).
    /// </summary>
    public Dictionary<string, TimeSpan> IdleTimeoutByRole { get; set; } = new(StringComparer.Ordinal)
    {
        [Core.Security.PacsRoles.Clinician] = TimeSpan.FromMinutes(10),
    };

    /// <summary>A session ends this long after sign-in, however active (default 12 h).</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long before the idle log-off a live page warns "Still there?" (default 60 s; at most half the timeout).</summary>
    public TimeSpan IdleWarning { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often at most a page reports its user's activity to the server (default 1 min; at most a quarter of the timeout).</summary>
    public TimeSpan ActivityReportInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a live circuit re-checks that its user still exists, is enabled and has the same roles.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The idle timeout of a user with <paramref name="roles"/>: the shortest of theirs, <see cref="IdleTimeout"/> for a role without one.</summary>
    public TimeSpan IdleTimeoutFor(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var timeout = TimeSpan.MaxValue;
        var any = false;
        foreach (var role in roles)
        {
            any = true;
            var roleTimeout = IdleTimeoutByRole.TryGetValue(role, out var own) ? own : IdleTimeout;
            timeout = roleTimeout < timeout ? roleTimeout : timeout;
        }
        return any ? timeout : IdleTimeout;
    }

    /// <summary>The warning's lead time for <paramref name="idleTimeout"/>: <see cref="IdleWarning"/>, at most half the timeout.</summary>
    public TimeSpan IdleWarningFor(TimeSpan idleTimeout) => IdleWarning < idleTimeout / 2 ? IdleWarning : idleTimeout / 2;

    /// <summary>How often a page reports activity for <paramref name="idleTimeout"/>: <see cref="ActivityReportInterval"/>, at most a quarter of it.</summary>
    public TimeSpan ActivityReportIntervalFor(TimeSpan idleTimeout) =>
        ActivityReportInterval < idleTimeout / 4 ? ActivityReportInterval : idleTimeout / 4;

    /// <summary>Whether every duration is positive (checked on start).</summary>
    public bool IsValid() =>
        IdleTimeout > TimeSpan.Zero && RevalidationInterval > TimeSpan.Zero && AbsoluteLifetime > TimeSpan.Zero
        && IdleWarning >= TimeSpan.Zero && ActivityReportInterval > TimeSpan.Zero
        && IdleTimeoutByRole.Values.All(t => t > TimeSpan.Zero);
}
