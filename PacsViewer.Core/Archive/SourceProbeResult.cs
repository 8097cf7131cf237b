namespace PacsViewer.Core.Archive;

/// <summary>
/// The answer of a PACS connection test (<see cref="SourceProbe"/>): whether it succeeded, the round trip, and a
/// message for admins (what was tried and what came back, or why it failed). Never holds a secret or patient data.
/// </summary>
public sealed record SourceProbeResult(string SourceName, bool Success, TimeSpan RoundTrip, string Message, DateTimeOffset TestedAt)
{
    /// <summary>The round trip in whole milliseconds.</summary>
    public long RoundTripMilliseconds => (long)Math.Round(RoundTrip.TotalMilliseconds);
}
