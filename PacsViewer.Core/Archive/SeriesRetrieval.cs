using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive;

/// <summary>
/// The default <see cref="IStudySource.RetrieveSeriesAsync"/>: the series' instances listed with
/// <see cref="IStudySource.SearchInstancesAsync"/>, then retrieved one by one with
/// <see cref="IStudySource.GetInstanceAsync"/>, <see cref="Parallelism"/> at a time, yielded as they complete.
/// </summary>
internal static class SeriesRetrieval
{
    /// <summary>How many single-instance retrievals run at once.</summary>
    public const int Parallelism = 4;

    /// <summary>The SOP Instance UIDs of a series, in the order the source lists them, without repeats.</summary>
    public static async Task<List<InstanceKey>> ListAsync(IStudySource source, string studyInstanceUid,
        string seriesInstanceUid, CancellationToken cancellationToken)
    {
        var keys = new List<InstanceKey>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var found in source.SearchInstancesAsync(studyInstanceUid, seriesInstanceUid, cancellationToken)
            .ConfigureAwait(false))
        {
            var sop = found.GetString(DicomTags.SOPInstanceUID)?.Trim();
            if (!string.IsNullOrEmpty(sop) && seen.Add(sop))
            {
                keys.Add(new InstanceKey(studyInstanceUid, seriesInstanceUid, sop));
            }
        }
        return keys;
    }

    public static async IAsyncEnumerable<DicomFile> RetrieveAsync(IStudySource source, string studyInstanceUid,
        string seriesInstanceUid, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var keys = await ListAsync(source, studyInstanceUid, seriesInstanceUid, cancellationToken).ConfigureAwait(false);
        var channel = Channel.CreateBounded<DicomFile>(new BoundedChannelOptions(Parallelism) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = ProduceAsync(source, keys, channel.Writer, stop.Token);
        try
        {
            await foreach (var file in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return file;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false); // Never faults: failures go through the channel.
        }
    }

    private static async Task ProduceAsync(IStudySource source, List<InstanceKey> keys, ChannelWriter<DicomFile> writer,
        CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(keys, options, async (key, token) =>
            {
                var file = await source.GetInstanceAsync(key, token).ConfigureAwait(false);
                await writer.WriteAsync(file, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Handed to the consumer through the channel.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }
        writer.TryComplete(failure);
    }
}
