namespace PacsViewer.Tests.Core.Data;

/// <summary>A clock the test moves by hand (UTC), for lock expiry and delivery backoff without waiting.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
