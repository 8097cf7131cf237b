using PacsViewer.Core.Worklist;

namespace PacsViewer.Web.Worklist;

/// <summary>
/// The worklist page's filter fields as the form binds them (text boxes, date pickers, multi-selects), turned into the
/// <see cref="WorklistFilter"/> the database query takes and back (a saved filter re-applied).
/// </summary>
public sealed class WorklistFilterForm
{
    public string? PatientName { get; set; }

    public string? PatientId { get; set; }

    public string? AccessionNumber { get; set; }

    public string? Modality { get; set; }

    public DateTime? From { get; set; }

    public DateTime? To { get; set; }

    public string? StudyDescription { get; set; }

    public IReadOnlyCollection<ReadingStatus> Statuses { get; set; } = [];

    public IReadOnlyCollection<ReadingPriority> Priorities { get; set; } = [];

    public bool AssignedToMe { get; set; }

    public bool Unassigned { get; set; }

    /// <summary>The filter for <see cref="WorklistService.QueryAsync"/>: blank text is no constraint.</summary>
    public WorklistFilter ToFilter() => new()
    {
        PatientName = Trimmed(PatientName),
        PatientId = Trimmed(PatientId),
        AccessionNumber = Trimmed(AccessionNumber),
        Modality = Trimmed(Modality),
        StudyDateFrom = From is { } from ? DateOnly.FromDateTime(from) : null,
        StudyDateTo = To is { } to ? DateOnly.FromDateTime(to) : null,
        StudyDescription = Trimmed(StudyDescription),
        Statuses = Statuses.Count > 0 ? Statuses.Order().ToList() : null,
        Priorities = Priorities.Count > 0 ? Priorities.Order().ToList() : null,
        AssignedToMe = AssignedToMe,
        Unassigned = Unassigned,
    };

    /// <summary>The form showing <paramref name="filter"/> (a saved filter).</summary>
    public static WorklistFilterForm FromFilter(WorklistFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new WorklistFilterForm
        {
            PatientName = filter.PatientName,
            PatientId = filter.PatientId,
            AccessionNumber = filter.AccessionNumber,
            Modality = filter.Modality,
            From = filter.StudyDateFrom?.ToDateTime(TimeOnly.MinValue),
            To = filter.StudyDateTo?.ToDateTime(TimeOnly.MinValue),
            StudyDescription = filter.StudyDescription,
            Statuses = filter.Statuses?.ToList() ?? [],
            Priorities = filter.Priorities?.ToList() ?? [],
            AssignedToMe = filter.AssignedToMe,
            Unassigned = filter.Unassigned,
        };
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
