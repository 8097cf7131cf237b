using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Viewing;

/// <summary>Reads a study's model from a source: the study's query result, its series and each series' instance headers.</summary>
public static class StudyModelService
{
    /// <summary>
    /// The model of study <paramref name="studyInstanceUid"/>. Throws <see cref="StudyObjectNotFoundException"/> when
    /// the source has no such study and <see cref="StudySourceException"/> when the source fails.
    /// </summary>
    public static async Task<StudyModel> LoadAsync(IStudySource source, string studyInstanceUid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        DicomDataset? study = null;
        await foreach (var result in source.SearchStudiesAsync(new StudyQuery { StudyInstanceUid = studyInstanceUid, Limit = 1 }, cancellationToken)
            .ConfigureAwait(false))
        {
            study = result;
            break;
        }
        if (study is null)
        {
            throw new StudyObjectNotFoundException(source.Id, $"study {studyInstanceUid} was not found");
        }
        var series = new List<SeriesModel>();
        await foreach (var s in source.SearchSeriesAsync(studyInstanceUid, cancellationToken).ConfigureAwait(false))
        {
            var seriesUid = s.GetFirstString(DicomTags.SeriesInstanceUID);
            if (string.IsNullOrEmpty(seriesUid))
            {
                continue;
            }
            var headers = new List<DicomDataset>();
            await foreach (var header in source.GetSeriesMetadataAsync(studyInstanceUid, seriesUid, cancellationToken).ConfigureAwait(false))
            {
                headers.Add(header);
            }
            series.Add(StudyModelBuilder.Series(s, headers));
        }
        return StudyModelBuilder.Study(study, series);
    }
}
