namespace PacsViewer.Core.Distribution;

/// <summary>Which jobs to list: the user's own, or (an Admin, with <see cref="All"/>) everybody's; by state and kind; newest first.</summary>
public sealed record TransferJobQuery
{
    public const int MaxLimit = 500;

    /// <summary>Everybody's jobs (an Admin only; ignored for others).</summary>
    public bool All { get; init; }

    public TransferJobState? State { get; init; }

    public TransferJobKind? Kind { get; init; }

    public int Offset { get; init; }

    public int Limit { get; init; } = 100;
}
