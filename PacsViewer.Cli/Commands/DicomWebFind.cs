using System.Runtime.CompilerServices;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Network.DicomWeb;
using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// A C-FIND identifier turned into a QIDO-RS search (PS3.18 8.3.4, 10.6): keys with a value are matching keys, the
/// others are asked for with <c>includefield</c>; at series and image level a Study (and Series) Instance UID given as
/// a key becomes the resource path (<c>studies/{uid}/series</c>). Each result is cut down to the identifier's keys, in
/// the way a C-FIND SCP answers (a key the server does not know comes back empty), so the output of both kinds of
/// target is the same.
/// </summary>
internal static class DicomWebFind
{
    public static async IAsyncEnumerable<DicomDataset> SearchAsync(DicomWebClient client, QueryRetrieveLevel level, DicomDataset identifier,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? study = null;
        string? series = null;
        if (level is QueryRetrieveLevel.Series or QueryRetrieveLevel.Image)
        {
            study = Value(identifier, DicomTags.StudyInstanceUID);
        }
        if (level == QueryRetrieveLevel.Image && study is not null)
        {
            series = Value(identifier, DicomTags.SeriesInstanceUID);
        }
        var query = QidoQuery.All;
        foreach (var element in identifier)
        {
            if (element.Tag == DicomTags.QueryRetrieveLevel || element.Tag == DicomTags.SpecificCharacterSet
                || (study is not null && element.Tag == DicomTags.StudyInstanceUID) || (series is not null && element.Tag == DicomTags.SeriesInstanceUID))
            {
                continue;
            }
            query = Value(identifier, element.Tag) is { } value ? query.Match(element.Tag, value) : query.Include(element.Tag);
        }
        var results = level switch
        {
            QueryRetrieveLevel.Study => client.SearchStudiesAsync(query, cancellationToken),
            QueryRetrieveLevel.Series => client.SearchSeriesAsync(study, query, cancellationToken),
            _ => client.SearchInstancesAsync(study, series, query, cancellationToken),
        };
        await foreach (var result in results.ConfigureAwait(false))
        {
            yield return Project(result, identifier);
        }
    }

    private static string? Value(DicomDataset identifier, DicomTag tag) => identifier.GetString(tag) is { Length: > 0 } value ? value : null;

    /// <summary>The identifier's keys as the result has them (empty when it has not).</summary>
    private static DicomDataset Project(DicomDataset result, DicomDataset identifier)
    {
        // The result's character set is kept: its text values were decoded from UTF-8 JSON (PS3.18 F.2.1).
        var builder = new DicomDatasetBuilder(result.CharacterSet);
        foreach (var key in identifier)
        {
            if (key.Tag == DicomTags.QueryRetrieveLevel)
            {
                continue;
            }
            if (result.TryGetElement(key.Tag, out var element))
            {
                builder.Add(element);
            }
            else
            {
                builder.Add(key.Tag == DicomTags.SpecificCharacterSet ? key : Empty(key));
            }
        }
        return builder.ToDataset();
    }

    private static DicomElement Empty(DicomElement key) => key is DicomSequence ? new DicomSequence(key.Tag, []) : new DicomDatasetBuilder().Set(key.Tag, key.VR).ToDataset()[key.Tag]!;
}
