using System.Globalization;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Distribution.Export;

/// <summary>Lists the instances of a study (or one series) in a source, in series then instance number order.</summary>
public static class ExportPlanner
{
    public static async Task<List<ExportInstance>> PlanAsync(IStudySource source, string studyInstanceUid, string? seriesInstanceUid,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var series = new List<(int Number, string Uid)>();
        await foreach (var s in source.SearchSeriesAsync(studyInstanceUid, cancellationToken).ConfigureAwait(false))
        {
            var uid = s.GetFirstString(DicomTags.SeriesInstanceUID);
            if (!string.IsNullOrEmpty(uid) && (seriesInstanceUid is null || uid == seriesInstanceUid))
            {
                series.Add((s.GetInt32(DicomTags.SeriesNumber, int.MaxValue), uid));
            }
        }
        var plan = new List<ExportInstance>();
        foreach (var (number, uid) in series.OrderBy(s => s.Number).ThenBy(s => s.Uid, StringComparer.Ordinal))
        {
            var instances = new List<(int Number, string Uid)>();
            await foreach (var i in source.SearchInstancesAsync(studyInstanceUid, uid, cancellationToken).ConfigureAwait(false))
            {
                var sop = i.GetFirstString(DicomTags.SOPInstanceUID);
                if (!string.IsNullOrEmpty(sop))
                {
                    instances.Add((i.GetInt32(DicomTags.InstanceNumber, int.MaxValue), sop));
                }
            }
            var seriesLabel = number == int.MaxValue ? "series ?" : "series " + number.ToString(CultureInfo.InvariantCulture);
            foreach (var (instanceNumber, sop) in instances.OrderBy(i => i.Number).ThenBy(i => i.Uid, StringComparer.Ordinal))
            {
                var label = instanceNumber == int.MaxValue ? $"{seriesLabel}, image ?" : $"{seriesLabel}, image {instanceNumber.ToString(CultureInfo.InvariantCulture)}";
                plan.Add(new ExportInstance(studyInstanceUid, uid, sop, label));
            }
        }
        return plan;
    }
}
