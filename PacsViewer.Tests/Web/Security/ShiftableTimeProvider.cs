namespace PacsViewer.Tests.Web.Security;

/// <summary>
/// The system clock moved forward on demand (timers still run in real time): "13 hours later" without waiting; or,
/// made with a start time, a clock that stands still between advances.
/// </summary>
internal sealed class ShiftableTimeProvider(DateTimeOffset? frozenAt = null) : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => (frozenAt ?? System.GetUtcNow()) + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
