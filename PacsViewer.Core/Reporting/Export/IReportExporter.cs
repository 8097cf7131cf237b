using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// The three exports of a signed report, for the endpoints and pages that serve them: the PDF, the FHIR R4
/// DiagnosticReport as JSON, and the DICOM Basic Text SR. Each throws <see cref="ArgumentException"/> for an
/// inconsistent snapshot; the PDF also <see cref="ReportExportException"/> when its fonts are not installed.
/// </summary>
public interface IReportExporter
{
    /// <summary>The PDF as bytes.</summary>
    byte[] ExportPdf(ReportSnapshot report);

    /// <summary>Writes the PDF to <paramref name="destination"/> asynchronously (e.g. an HTTP response body).</summary>
    Task WritePdfAsync(ReportSnapshot report, Stream destination, CancellationToken cancellationToken);

    /// <summary>The FHIR R4 DiagnosticReport as JSON; with <paramref name="includePdf"/> the PDF is attached to presentedForm.</summary>
    string ExportFhirJson(ReportSnapshot report, bool includePdf = false);

    /// <summary>The Basic Text SR document (the object <see cref="IReportDelivery"/> sends).</summary>
    DicomFile ExportSr(ReportSnapshot report);

    /// <summary>Writes the Basic Text SR as a Part 10 file to <paramref name="destination"/> asynchronously.</summary>
    Task WriteSrAsync(ReportSnapshot report, Stream destination, CancellationToken cancellationToken);
}
