namespace PacsViewer.Core.Reporting.Export;

/// <summary>Checks a snapshot before it is exported, so bad input fails with a clear message rather than a malformed object.</summary>
internal static class ReportSnapshotValidator
{
    private const int MaxUidLength = 64; // PS3.5 9.1

    /// <exception cref="ArgumentException">The snapshot is inconsistent or lacks what an export needs.</exception>
    public static void Validate(ReportSnapshot report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var what = $"report {report.ReportId} version {report.Version}";
        if (report.Version < 1)
        {
            throw new ArgumentException($"{what}: the version must be 1 or more", nameof(report));
        }
        if (report.Study is null || report.Patient is null || report.Sections is null || report.Addenda is null)
        {
            throw new ArgumentException($"{what}: study, patient, sections and addenda are required", nameof(report));
        }
        if (!IsValidUid(report.Study.StudyInstanceUid))
        {
            throw new ArgumentException($"{what}: '{report.Study.StudyInstanceUid}' is not a valid Study Instance UID (PS3.5 9.1)", nameof(report));
        }
        if (report.Patient.PatientId is null || report.Patient.PatientName is null)
        {
            throw new ArgumentException($"{what}: the patient ID and name are required (they may be empty)", nameof(report));
        }
        if (report.Addenda.Count != report.Version - 1)
        {
            throw new ArgumentException($"{what}: a version-{report.Version} report has {report.Version - 1} addenda, not {report.Addenda.Count}", nameof(report));
        }
        for (var i = 0; i < report.Addenda.Count; i++)
        {
            if (report.Addenda[i] is not { } addendum || addendum.Version != i + 2 || addendum.Text is null)
            {
                throw new ArgumentException($"{what}: addendum {i + 1} must be version {i + 2} and have a text", nameof(report));
            }
        }
        if ((report.Status == ReportSnapshotStatus.Final) != (report.Addenda.Count == 0))
        {
            throw new ArgumentException($"{what}: the status is {report.Status} but it has {report.Addenda.Count} addenda", nameof(report));
        }
        if (report.Sections.Any(s => s is null || string.IsNullOrWhiteSpace(s.Title) || s.Text is null))
        {
            throw new ArgumentException($"{what}: every section needs a title and a text", nameof(report));
        }
        if (string.IsNullOrWhiteSpace(report.AuthorDisplayName) && string.IsNullOrWhiteSpace(report.AuthorUserName))
        {
            throw new ArgumentException($"{what}: the signing author is required", nameof(report));
        }
    }

    /// <summary>PS3.5 9.1: digits and dots, components without leading zeros, at most 64 characters.</summary>
    public static bool IsValidUid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > MaxUidLength)
        {
            return false;
        }
        foreach (var component in uid.Split('.'))
        {
            if (component.Length == 0 || !component.All(char.IsAsciiDigit) || (component.Length > 1 && component[0] == '0'))
            {
                return false;
            }
        }
        return true;
    }
}
