namespace PacsViewer.Core.Storage;

/// <summary>
/// What an apply did: the studies deleted, and those of the plan it left (protected meanwhile, rule disabled, gone, or
/// failed), each with the reason in <see cref="RetentionCandidate.Protection"/>.
/// </summary>
public sealed record RetentionApplyResult(IReadOnlyList<RetentionCandidate> Deleted, IReadOnlyList<RetentionCandidate> Skipped)
{
    public long DeletedBytes => Deleted.Sum(c => c.Bytes);
}
