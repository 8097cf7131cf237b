using System.Globalization;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// Maps a signed report to a FHIR R4 DiagnosticReport (Hl7.Fhir.R4) and serialises it with the SDK's System.Text.Json
/// converters: status final or amended; category RAD (HL7 v2 table 0074); code LOINC 18748-4; the patient and the
/// imaging study as logical references by identifier (Patient ID; the Study Instance UID as urn:oid); effective = the
/// study date; issued = when this version was signed; the accession number and the report as identifiers;
/// conclusion = the impression; presentedForm = the report as text and, when given, as PDF; resultsInterpreter = the
/// signers.
/// </summary>
public sealed class FhirDiagnosticReportMapper
{
    public const string LoincSystem = "http://loinc.org";
    public const string DiagnosticServiceSectionSystem = "http://terminology.hl7.org/CodeSystem/v2-0074";
    public const string IdentifierTypeSystem = "http://terminology.hl7.org/CodeSystem/v2-0203";
    public const string DicomUidSystem = "urn:dicom:uid";

    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions { WriteIndented = true }.ForFhir(ModelInfo.ModelInspector);

    /// <summary>The DiagnosticReport of <paramref name="report"/>; <paramref name="pdf"/> is attached when given.</summary>
    /// <exception cref="ArgumentException">The snapshot is inconsistent (see the message).</exception>
    public DiagnosticReport Map(ReportSnapshot report, ReadOnlyMemory<byte>? pdf = null)
    {
        ReportSnapshotValidator.Validate(report);
        var issued = report.Addenda.Count > 0 ? report.Addenda[^1].SignedAt : report.SignedAt;
        var title = "Diagnostic Imaging Report";
        var result = new DiagnosticReport
        {
            Id = report.ReportId.ToString("D"),
            Meta = new Meta { VersionId = report.Version.ToString(CultureInfo.InvariantCulture) },
            Status = report.Status == ReportSnapshotStatus.Amended ? DiagnosticReport.DiagnosticReportStatus.Amended : DiagnosticReport.DiagnosticReportStatus.Final,
            Category = [new CodeableConcept(DiagnosticServiceSectionSystem, "RAD", "Radiology")],
            Code = new CodeableConcept(LoincSystem, "18748-4", "Diagnostic imaging study", title),
            Subject = new ResourceReference
            {
                Type = "Patient",
                Identifier = new Identifier { Value = report.Patient.PatientId },
                Display = ReportPdfWriter.PersonName(report.Patient.PatientName),
            },
            Issued = issued,
            ImagingStudy =
            [
                new ResourceReference
                {
                    Type = "ImagingStudy",
                    Identifier = new Identifier(DicomUidSystem, "urn:oid:" + report.Study.StudyInstanceUid),
                    Display = report.Study.StudyDescription,
                },
            ],
            ResultsInterpreter = Signers(report).Select(name => new ResourceReference { Display = name }).ToList(),
            Conclusion = Conclusion(report),
        };
        result.Identifier.Add(new Identifier("urn:ietf:rfc:3986", "urn:uuid:" + report.ReportId.ToString("D")));
        if (!string.IsNullOrEmpty(report.Study.AccessionNumber))
        {
            result.Identifier.Add(new Identifier { Type = new CodeableConcept(IdentifierTypeSystem, "ACSN", "Accession ID"), Value = report.Study.AccessionNumber });
        }
        if (report.Study.StudyDate is { } date)
        {
            result.Effective = new FhirDateTime(date.Year, date.Month, date.Day);
        }
        result.PresentedForm.Add(new Attachment
        {
            ContentType = "text/plain; charset=utf-8",
            Data = Encoding.UTF8.GetBytes(ReportPlainText.Render(report)),
            Title = title,
            Creation = issued.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        });
        if (pdf is { } bytes)
        {
            result.PresentedForm.Add(new Attachment { ContentType = "application/pdf", Data = bytes.ToArray(), Title = title + " (PDF)" });
        }
        return result;
    }

    /// <summary>The DiagnosticReport of <paramref name="report"/> as FHIR JSON.</summary>
    /// <exception cref="ArgumentException">The snapshot is inconsistent (see the message).</exception>
    public string ToJson(ReportSnapshot report, ReadOnlyMemory<byte>? pdf = null) => JsonSerializer.Serialize(Map(report, pdf), Json);

    /// <summary>The text of the impression sections (or of the conclusion sections), or null when there is none.</summary>
    private static string? Conclusion(ReportSnapshot report)
    {
        foreach (var word in new[] { "impression", "conclusion" })
        {
            var texts = report.Sections.Where(s => s.Title.Contains(word, StringComparison.OrdinalIgnoreCase)).Select(s => s.Text.Trim()).ToArray();
            if (texts.Length > 0)
            {
                return string.Join("\n\n", texts);
            }
        }
        return null;
    }

    private static IEnumerable<string> Signers(ReportSnapshot report) =>
        new[] { BasicTextSrWriter.Signer(report.AuthorDisplayName, report.AuthorUserName) }
            .Concat(report.Addenda.Select(a => BasicTextSrWriter.Signer(a.AuthorDisplayName, a.AuthorUserName)))
            .Select(ReportPdfWriter.PersonName)
            .Distinct(StringComparer.Ordinal);
}
