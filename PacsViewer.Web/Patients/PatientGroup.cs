using System.Globalization;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Web.Patients;

/// <summary>One patient of the ward search with their studies, newest first.</summary>
public sealed record PatientGroup(string PatientId, string DisplayName, string? BirthDate, string? Sex, IReadOnlyList<PatientStudy> Studies)
{
    /// <summary>
    /// Groups the search's studies by patient (Patient ID, then name and birth date when IDs are missing), in the order
    /// the patients' newest studies came.
    /// </summary>
    public static IReadOnlyList<PatientGroup> From(IEnumerable<PatientStudy> studies)
    {
        ArgumentNullException.ThrowIfNull(studies);
        return studies
            .GroupBy(s => (s.Study.PatientId ?? "", string.IsNullOrEmpty(s.Study.PatientId) ? s.Study.PatientName ?? "" : "",
                string.IsNullOrEmpty(s.Study.PatientId) ? s.Study.PatientBirthDate ?? "" : ""))
            .Select(g =>
            {
                var first = g.First().Study;
                return new PatientGroup(first.PatientId ?? "", FormatName(first.PatientName), FormatDate(first.PatientBirthDate), first.PatientSex,
                    g.ToList());
            })
            .ToList();
    }

    /// <summary>A PN value for reading: "DOE^JANE" as "DOE, JANE" (PS3.5 6.2.1); "(no name)" when empty.</summary>
    public static string FormatName(string? personName)
    {
        if (string.IsNullOrWhiteSpace(personName))
        {
            return "(no name)";
        }
        var display = DicomPersonName.Parse(personName).ToDisplayString();
        return string.IsNullOrWhiteSpace(display) ? personName : display;
    }

    /// <summary>A DICOM DA (yyyyMMdd) as yyyy-MM-dd; other text as it is.</summary>
    public static string? FormatDate(string? da) =>
        DateOnly.TryParseExact(da, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : da;
}
