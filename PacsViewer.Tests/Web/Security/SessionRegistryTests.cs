using Microsoft.Extensions.Options;
using PacsViewer.Web.Security;

namespace PacsViewer.Tests.Web.Security;

public sealed class SessionRegistryTests
{
    private readonly ShiftableTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 8, 0, 0, TimeSpan.Zero));

    private SessionRegistry NewRegistry() => new(_time, Options.Create(new AuthOptions()));

    [Fact]
    public void Touch_Later_LastActivityMoves()
    {
        var registry = NewRegistry();
        registry.Touch("s1");
        var first = registry.LastActivity("s1");

        _time.Advance(TimeSpan.FromMinutes(3));
        registry.Touch("s1");

        Assert.Equal(TimeSpan.FromMinutes(3), registry.LastActivity("s1") - first);
        Assert.Null(registry.LastActivity("unknown"));
    }

    [Fact]
    public void TryEnd_Twice_OnlyFirstEndsAndReasonKept()
    {
        var registry = NewRegistry();
        registry.Touch("s1");

        var first = registry.TryEnd("s1", SessionEndReason.Idle);
        var second = registry.TryEnd("s1", SessionEndReason.Disabled);

        Assert.Equal((true, false, SessionEndReason.Idle), (first, second, registry.EndedBecause("s1")));
    }

    [Fact]
    public void Touch_AfterEnd_DoesNotRevive()
    {
        var registry = NewRegistry();
        registry.Touch("s1");
        registry.TryEnd("s1", SessionEndReason.Lifetime);
        var endedActivity = registry.LastActivity("s1");

        _time.Advance(TimeSpan.FromMinutes(1));
        registry.Touch("s1");

        Assert.Equal((SessionEndReason.Lifetime, endedActivity), (registry.EndedBecause("s1"), registry.LastActivity("s1")));
    }

    [Fact]
    public void Touch_SessionsOlderThanTheLifetime_Forgotten()
    {
        var registry = NewRegistry();
        registry.Touch("old");
        registry.TryEnd("old-ended", SessionEndReason.Idle);

        _time.Advance(TimeSpan.FromHours(13));
        registry.Touch("new");

        Assert.Equal((1, (DateTimeOffset?)null), (registry.Count, registry.LastActivity("old")));
    }
}
