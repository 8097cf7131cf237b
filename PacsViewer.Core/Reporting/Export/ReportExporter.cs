using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Reporting.Export;

/// <summary>The <see cref="IReportExporter"/> over the PDF writer, the FHIR mapper and the SR writer.</summary>
public sealed class ReportExporter(ReportPdfWriter pdf, FhirDiagnosticReportMapper fhir, BasicTextSrWriter sr) : IReportExporter
{
    public byte[] ExportPdf(ReportSnapshot report) => pdf.Write(report);

    public async Task WritePdfAsync(ReportSnapshot report, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var bytes = pdf.Write(report);
        await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    public string ExportFhirJson(ReportSnapshot report, bool includePdf = false) =>
        fhir.ToJson(report, includePdf ? pdf.Write(report) : null);

    public DicomFile ExportSr(ReportSnapshot report) => sr.Write(report);

    public async Task WriteSrAsync(ReportSnapshot report, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var buffer = new MemoryStream();
        DicomFileWriter.Write(buffer, sr.Write(report), cancellationToken: cancellationToken);
        buffer.Position = 0;
        await buffer.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }
}
