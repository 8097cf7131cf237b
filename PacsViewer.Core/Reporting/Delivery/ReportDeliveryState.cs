namespace PacsViewer.Core.Reporting.Delivery;

/// <summary>
/// What the UI shows for one delivery: Sent; Pending with attempts and <see cref="LastError"/> (retrying, next at
/// <see cref="NextAttemptAt"/>); or Failed with the error.
/// </summary>
public sealed record ReportDeliveryState(long Id, Guid ReportId, int Version, string TargetSource, DeliveryStatus Status, int Attempts,
    DateTimeOffset NextAttemptAt, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);
