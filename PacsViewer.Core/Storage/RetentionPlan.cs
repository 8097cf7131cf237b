namespace PacsViewer.Core.Storage;

/// <summary>A dry run: the studies the enabled rules would delete, and those they match but are protected, with reasons.</summary>
public sealed record RetentionPlan(DateTimeOffset EvaluatedAt, IReadOnlyList<RetentionCandidate> Candidates)
{
    public IReadOnlyList<RetentionCandidate> WouldDelete => Candidates.Where(c => !c.IsProtected).ToList();

    public IReadOnlyList<RetentionCandidate> Protected => Candidates.Where(c => c.IsProtected).ToList();
}
