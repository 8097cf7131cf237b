namespace PacsViewer.Core.Reporting;

/// <summary>A reusable phrase (admin-managed) the editor inserts, optionally limited to a modality.</summary>
public sealed class ReportPhrase
{
    public long Id { get; set; }

    /// <summary>The short label shown in the picker.</summary>
    public required string Label { get; set; }

    public required string Text { get; set; }

    /// <summary>Modality this phrase is offered for; null for any.</summary>
    public string? Modality { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
