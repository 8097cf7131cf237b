namespace PacsViewer.Core.Reporting;

/// <summary>A signed correction to a Final report; append-only (never changed or deleted once saved).</summary>
public sealed class ReportAddendum
{
    public long Id { get; set; }

    public Guid ReportId { get; set; }

    /// <summary>The report version this addendum makes: 2 for the first (the original Final is 1), 3, ...</summary>
    public int Version { get; set; }

    public required string Text { get; set; }

    public required string AuthorUserName { get; set; }

    public string AuthorDisplayName { get; set; } = "";

    public DateTimeOffset SignedAt { get; set; }
}
