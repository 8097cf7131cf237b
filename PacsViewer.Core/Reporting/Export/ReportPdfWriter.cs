using System.Globalization;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Dicom;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// Writes a signed report as one readable PDF (PDFsharp): a header with the patient, the study, its accession number
/// and date, the status (FINAL or AMENDED); each section under its title; the critical-result communication; the
/// signer and time; then each addendum after the original with its own signer and time. Text wraps across lines and
/// pages; every page carries the report reference and its page number. Fonts come from fonts-dejavu-core
/// (<see cref="ReportExportOptions.FontDirectory"/>).
/// </summary>
public sealed class ReportPdfWriter
{
    private static readonly XBrush Red = new XSolidBrush(XColor.FromArgb(176, 0, 32));
    private static readonly XBrush Green = new XSolidBrush(XColor.FromArgb(0, 110, 50));

    private readonly ReportExportOptions _options;

    public ReportPdfWriter(IOptions<ReportExportOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    /// <summary>The PDF of <paramref name="report"/>.</summary>
    /// <exception cref="ArgumentException">The snapshot is inconsistent (see the message).</exception>
    /// <exception cref="ReportExportException">The fonts are not installed.</exception>
    public byte[] Write(ReportSnapshot report)
    {
        using var stream = new MemoryStream();
        Write(report, stream);
        return stream.ToArray();
    }

    /// <summary>Writes the PDF of <paramref name="report"/> to <paramref name="destination"/> (left open).</summary>
    /// <exception cref="ArgumentException">The snapshot is inconsistent (see the message).</exception>
    /// <exception cref="ReportExportException">The fonts are not installed.</exception>
    public void Write(ReportSnapshot report, Stream destination)
    {
        ReportSnapshotValidator.Validate(report);
        ArgumentNullException.ThrowIfNull(destination);
        DejaVuFontResolver.Install(_options.FontDirectory);

        using var document = new PdfDocument();
        document.Info.Title = "Diagnostic Imaging Report";
        document.Info.Creator = "PacsViewer";
        using (var flow = new PdfTextFlow(document))
        {
            Compose(flow, report);
            flow.Finish(string.Create(CultureInfo.InvariantCulture, $"Report {report.ReportId:D} version {report.Version}"));
        }
        document.Save(destination, closeStream: false);
    }

    private void Compose(PdfTextFlow flow, ReportSnapshot report)
    {
        var amended = report.Status == ReportSnapshotStatus.Amended;
        flow.TitleLine("Diagnostic Imaging Report", amended ? "AMENDED" : "FINAL", amended ? Red : Green);
        flow.Rule();
        var patient = report.Patient;
        var study = report.Study;
        flow.Field("Patient", PersonName(patient.PatientName));
        flow.Field("Patient ID", patient.PatientId);
        flow.Field("Birth date", patient.BirthDate is { } birth ? Date(birth) : "-");
        flow.Field("Sex", string.IsNullOrEmpty(patient.Sex) ? "-" : patient.Sex);
        flow.Space(4);
        flow.Field("Study", string.IsNullOrEmpty(study.StudyDescription) ? "-" : study.StudyDescription);
        flow.Field("Study date", study.StudyDate is { } date ? Date(date) : "-");
        flow.Field("Accession number", string.IsNullOrEmpty(study.AccessionNumber) ? "-" : study.AccessionNumber);
        if (!string.IsNullOrEmpty(study.ReferringPhysicianName))
        {
            flow.Field("Referring physician", PersonName(study.ReferringPhysicianName));
        }
        flow.Field("Study Instance UID", study.StudyInstanceUid);
        flow.Rule();

        foreach (var section in report.Sections)
        {
            flow.Space(6);
            flow.Paragraph(section.Title, flow.Heading);
            flow.Space(2);
            flow.Paragraph(section.Text, flow.Body);
        }
        if (report.Critical is { } critical)
        {
            flow.Space(8);
            flow.Paragraph(BasicTextSrWriter.CriticalText(critical), flow.Strong, Red);
        }
        flow.Space(8);
        flow.Paragraph($"Signed by {Signer(report.AuthorDisplayName, report.AuthorUserName)} on {Time(report.SignedAt)}", flow.Strong);
        if (!string.IsNullOrWhiteSpace(_options.Organization))
        {
            flow.Paragraph(_options.Organization, flow.Body);
        }

        foreach (var addendum in report.Addenda)
        {
            flow.Space(10);
            flow.Rule();
            flow.Paragraph(string.Create(CultureInfo.InvariantCulture, $"Addendum (version {addendum.Version})"), flow.Heading);
            flow.Space(2);
            flow.Paragraph(addendum.Text, flow.Body);
            flow.Space(4);
            flow.Paragraph($"Signed by {Signer(addendum.AuthorDisplayName, addendum.AuthorUserName)} on {Time(addendum.SignedAt)}", flow.Strong);
        }
    }

    private static string Signer(string displayName, string userName) =>
        PersonName(BasicTextSrWriter.Signer(displayName, userName));

    /// <summary>A DICOM PN (Family^Given) as "Family, Given"; other text unchanged.</summary>
    internal static string PersonName(string value) =>
        value.Contains('^', StringComparison.Ordinal) ? DicomPersonName.Parse(value).ToDisplayString() : value;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
}
