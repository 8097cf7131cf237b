namespace PacsViewer.Core.Reporting.Delivery;

/// <summary>
/// One row of the report delivery outbox: a report version (the Final, or an addendum) to send to the study's
/// source. Written in the same transaction as the sign-off, so a signed report is never left unsent.
/// </summary>
public sealed class ReportDeliveryItem
{
    public long Id { get; set; }

    public Guid ReportId { get; set; }

    /// <summary>1 for the original Final, 2.. for each addendum.</summary>
    public int Version { get; set; }

    /// <summary>The source the study came from (where the report is stored).</summary>
    public required string TargetSource { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}
