using System.Globalization;
using System.Text;

namespace PacsViewer.Core.Reporting.Export;

/// <summary>The report as plain text, in the order the PDF shows it (FHIR presentedForm, downloads).</summary>
internal static class ReportPlainText
{
    public static string Render(ReportSnapshot report)
    {
        var text = new StringBuilder();
        var status = report.Status == ReportSnapshotStatus.Amended ? "AMENDED" : "FINAL";
        text.AppendLine(CultureInfo.InvariantCulture, $"Diagnostic Imaging Report ({status})");
        text.AppendLine(CultureInfo.InvariantCulture, $"Patient: {ReportPdfWriter.PersonName(report.Patient.PatientName)} ({report.Patient.PatientId})");
        text.AppendLine(CultureInfo.InvariantCulture, $"Study: {report.Study.StudyDescription} {report.Study.StudyDate:yyyy-MM-dd}, accession {report.Study.AccessionNumber}");
        foreach (var section in report.Sections)
        {
            text.AppendLine().AppendLine(section.Title).AppendLine(section.Text.ReplaceLineEndings());
        }
        if (report.Critical is { } critical)
        {
            text.AppendLine().AppendLine(BasicTextSrWriter.CriticalText(critical));
        }
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture,
            $"Signed by {ReportPdfWriter.PersonName(BasicTextSrWriter.Signer(report.AuthorDisplayName, report.AuthorUserName))} on {report.SignedAt:yyyy-MM-dd HH:mm zzz}");
        foreach (var addendum in report.Addenda)
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Addendum (version {addendum.Version})").AppendLine(addendum.Text.ReplaceLineEndings())
                .AppendLine(CultureInfo.InvariantCulture,
                    $"Signed by {ReportPdfWriter.PersonName(BasicTextSrWriter.Signer(addendum.AuthorDisplayName, addendum.AuthorUserName))} on {addendum.SignedAt:yyyy-MM-dd HH:mm zzz}");
        }
        return text.ToString();
    }
}
