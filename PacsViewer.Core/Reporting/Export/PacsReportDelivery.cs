using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// Delivers a signed report to the PACS the study came from: writes it as a Basic Text SR
/// (<see cref="BasicTextSrWriter"/>) and stores it through the <see cref="IStudySource"/> named by
/// <see cref="ReportStudy.SourceName"/>: STOW-RS for a DICOMweb source, C-STORE for a DIMSE source, the built-in
/// archive for the archive. The SR's UIDs are derived from the report and version, so a retried delivery stores the
/// same object again rather than a second one. Every failure becomes a <see cref="ReportDeliveryException"/> naming
/// the report, the version and the source (never patient data); cancellation by the caller is passed through.
/// </summary>
public sealed class PacsReportDelivery : IReportDelivery
{
    private readonly Dictionary<string, IStudySource> _sources = new(StringComparer.Ordinal);
    private readonly BasicTextSrWriter _writer;

    public PacsReportDelivery(IEnumerable<IStudySource> sources, BasicTextSrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var source in sources)
        {
            _sources.TryAdd(source.Id, source);
        }
        _writer = writer;
    }

    public async Task DeliverAsync(ReportSnapshot report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var what = $"report {report.ReportId} version {report.Version}";
        var sourceName = report.Study?.SourceName;
        if (string.IsNullOrEmpty(sourceName) || !_sources.TryGetValue(sourceName, out var source))
        {
            var known = _sources.Count == 0 ? "none" : string.Join(", ", _sources.Keys.Order(StringComparer.Ordinal));
            throw new ReportDeliveryException($"{what} cannot be delivered: no study source named '{sourceName}' is configured (known sources: {known})");
        }
        DicomFile file;
        try
        {
            file = _writer.Write(report);
        }
        catch (ArgumentException e)
        {
            throw new ReportDeliveryException($"{what} cannot be written as a DICOM SR: {e.Message}", e);
        }
        try
        {
            await source.StoreAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (StudySourceException e)
        {
            throw new ReportDeliveryException($"{what} was not stored to '{sourceName}': {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ReportDeliveryException($"{what} was not stored to '{sourceName}': the request timed out", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ReportDeliveryException($"{what} was not stored to '{sourceName}': {e.GetType().Name}: {e.Message}", e);
        }
    }
}
