namespace PacsViewer.Core.Worklist;

/// <summary>
/// The answer to a claim: <see cref="Acquired"/> when the caller holds the lock now (newly or renewed); otherwise
/// <see cref="HeldBy"/> names who holds it and until when it lasts without activity, so the page can open read-only.
/// </summary>
public sealed record StudyLockResult(bool Acquired, string? HeldBy, DateTimeOffset? ExpiresAt);
