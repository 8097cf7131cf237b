using PacsViewer.Core.Security;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Security;

/// <summary>The one-time bootstrap token: random, matched by hash, single use, expiring.</summary>
public sealed class BootstrapTokenStoreTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Issue_Twice_DifferentUrlSafeTokensOf256Bits()
    {
        var store = new BootstrapTokenStore(_clock);

        var first = store.Issue(TimeSpan.FromHours(1));
        var second = store.Issue(TimeSpan.FromHours(1));

        Assert.NotEqual(first, second);
        Assert.Equal(43, first.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", first);
        Assert.False(store.Matches(first));
        Assert.True(store.Matches(second));
    }

    [Fact]
    public void TryConsume_RightToken_WorksOnce()
    {
        var store = new BootstrapTokenStore(_clock);
        var token = store.Issue(TimeSpan.FromHours(1));

        Assert.False(store.TryConsume(token + "x"));
        Assert.True(store.TryConsume(token));
        Assert.False(store.TryConsume(token));
        Assert.False(store.IsActive);
    }

    [Fact]
    public void Matches_AfterLifetime_False()
    {
        var store = new BootstrapTokenStore(_clock);
        var token = store.Issue(TimeSpan.FromHours(1));
        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.True(store.Matches(token));

        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.False(store.Matches(token));
        Assert.False(store.TryConsume(token));
        Assert.False(store.IsActive);
    }

    [Fact]
    public void Matches_NothingIssuedOrNullToken_False()
    {
        var store = new BootstrapTokenStore(_clock);

        Assert.False(store.Matches(""));
        store.Issue(TimeSpan.FromHours(1));
        Assert.False(store.Matches(null));
    }
}
