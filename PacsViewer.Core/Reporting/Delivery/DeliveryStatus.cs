namespace PacsViewer.Core.Reporting.Delivery;

/// <summary>State of one outbox row. Stored as its number.</summary>
public enum DeliveryStatus
{
    /// <summary>Not yet sent: waiting for its first attempt or retrying after a failure (see LastError).</summary>
    Pending = 0,

    Sent = 1,

    /// <summary>Gave up after the configured attempts; kept, shown, and sent again when an admin retries it.</summary>
    Failed = 2,
}
