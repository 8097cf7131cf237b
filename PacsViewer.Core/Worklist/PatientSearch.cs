namespace PacsViewer.Core.Worklist;

/// <summary>The clinicians' patient search: name (wild cards, case-insensitive), ID, birth date; at least one is needed.</summary>
public sealed record PatientSearch(string? PatientName, string? PatientId, DateOnly? BirthDate)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(PatientName) && string.IsNullOrWhiteSpace(PatientId) && BirthDate is null;
}
