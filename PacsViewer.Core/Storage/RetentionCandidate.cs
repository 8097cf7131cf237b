namespace PacsViewer.Core.Storage;

/// <summary>
/// A study of the built-in archive an enabled retention rule matches (the first such rule by id): what it is, its size,
/// and why it is kept when it is (<see cref="Protection"/>: "hold: ...", "unsigned report (draft)", ...; null when it
/// would be deleted).
/// </summary>
public sealed record RetentionCandidate(
    string StudyInstanceUid,
    string? PatientName,
    string? PatientId,
    string? Modalities,
    string? StudyDate,
    DateTimeOffset ReceivedAt,
    long Objects,
    long Bytes,
    int RuleId,
    string RuleName,
    string? Protection)
{
    public bool IsProtected => Protection is not null;
}
