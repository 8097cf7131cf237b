using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// Delivers a signed report to the PACS the study came from: writes it as a Basic Text SR
/// (<see cref="BasicTextSrWriter"/>) and stores it through the <see cref="IStudySource"/> named by
/// <see cref="ReportStudy.SourceName"/>: STOW-RS for a DICOMweb source, C-STORE for a DIMSE source, the built-in
/// archive for the archive. The study's instances, as the source lists them, go into the SR's Current Requested
/// Procedure Evidence Sequence (at most <see cref="MaxEvidence"/>; when the listing fails the SR is sent without it,
/// and the store reports whether the source is reachable). The SR's UIDs are derived from the report and version, so a retried delivery stores the
/// same object again rather than a second one. Every failure becomes a <see cref="ReportDeliveryException"/> naming
/// the report, the version and the source (never patient data); cancellation by the caller is passed through.
/// </summary>
public sealed class PacsReportDelivery : IReportDelivery
{
    /// <summary>The most instances listed as evidence; a larger study is listed up to this many.</summary>
    public const int MaxEvidence = 20_000;

    private readonly StudySourceCatalog _sources;
    private readonly BasicTextSrWriter _writer;

    /// <param name="sources">The study sources, looked up at each delivery (admin-managed connections change while the app runs).</param>
    public PacsReportDelivery(StudySourceCatalog sources, BasicTextSrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(writer);
        _sources = sources;
        _writer = writer;
    }

    public async Task DeliverAsync(ReportSnapshot report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var what = $"report {report.ReportId} version {report.Version}";
        if (report.Study is null)
        {
            throw new ReportDeliveryException($"{what} cannot be delivered: it names no study");
        }
        var sourceName = report.Study.SourceName;
        if (string.IsNullOrEmpty(sourceName) || !_sources.TryGet(sourceName, out var source))
        {
            var known = _sources.All.Count == 0 ? "none" : string.Join(", ", _sources.All.Select(s => s.Id).Order(StringComparer.Ordinal));
            throw new ReportDeliveryException($"{what} cannot be delivered: no study source named '{sourceName}' is configured (known sources: {known})");
        }
        IReadOnlyList<ReportEvidence> evidence;
        try
        {
            evidence = await EvidenceAsync(source, report.Study.StudyInstanceUid, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            evidence = []; // listing failed: send without it; the store below tells whether the source is there at all
        }
        DicomFile file;
        try
        {
            file = _writer.Write(report, evidence);
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

    /// <summary>The instances of the study's other series (not the report series), as the source lists them.</summary>
    private static async Task<IReadOnlyList<ReportEvidence>> EvidenceAsync(IStudySource source, string studyInstanceUid, CancellationToken cancellationToken)
    {
        if (!ReportSnapshotValidator.IsValidUid(studyInstanceUid))
        {
            return [];
        }
        var reportSeries = ReportDocumentUids.SeriesInstanceUid(studyInstanceUid);
        var evidence = new List<ReportEvidence>();
        var seriesUids = new List<string>();
        await foreach (var series in source.SearchSeriesAsync(studyInstanceUid, cancellationToken).ConfigureAwait(false))
        {
            if (series.GetString(DicomTags.SeriesInstanceUID) is { Length: > 0 } uid && uid != reportSeries)
            {
                seriesUids.Add(uid);
            }
        }
        foreach (var seriesUid in seriesUids)
        {
            await foreach (var instance in source.SearchInstancesAsync(studyInstanceUid, seriesUid, cancellationToken).ConfigureAwait(false))
            {
                if (instance.GetString(DicomTags.SOPClassUID) is { Length: > 0 } sopClass && instance.GetString(DicomTags.SOPInstanceUID) is { Length: > 0 } sop)
                {
                    evidence.Add(new ReportEvidence(seriesUid, sopClass, sop));
                    if (evidence.Count >= MaxEvidence)
                    {
                        return evidence;
                    }
                }
            }
        }
        return evidence;
    }
}
