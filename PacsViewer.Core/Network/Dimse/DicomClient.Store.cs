using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>C-STORE as service user (PS3.4 B.2; PS3.7 9.1.1).</summary>
public sealed partial class DicomClient
{
    /// <summary>Sends one object built in memory (e.g. a report).</summary>
    public async Task<StoreResult> StoreAsync(DicomPeer peer, DicomFile file, CancellationToken cancellationToken)
    {
        var results = await StoreAsync(peer, [new StoreItem("(in memory)", file.SopClassUid, file.SopInstanceUid, file.TransferSyntax, null, _ => file)], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>
    /// Sends Part 10 files over one association. Each file goes on a presentation context the peer accepted: an
    /// uncompressed file in explicit or implicit VR little endian (converted if needed), a compressed file only in
    /// its own transfer syntax; when the peer accepted none of those the file is not sent and its result says why
    /// (nothing is decompressed). Files that cannot be read are reported the same way.
    /// </summary>
    public async Task<IReadOnlyList<StoreResult>> StoreAsync(DicomPeer peer, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var items = new List<StoreItem>(paths.Count);
        foreach (var path in paths)
        {
            try
            {
                var header = DicomFile.Open(path, new DicomReaderOptions { StopBeforePixelData = true }, cancellationToken);
                items.Add(new StoreItem(path, header.SopClassUid, header.SopInstanceUid, header.TransferSyntax, null,
                    ct => DicomFile.Open(path, new DicomReaderOptions { DeferValuesLargerThan = 64 * 1024 }, ct)));
            }
            catch (DicomFormatException e)
            {
                items.Add(new StoreItem(path, null, null, null, $"not a readable DICOM file: {e.Message}", null));
            }
        }
        return await StoreAsync(peer, items, cancellationToken).ConfigureAwait(false);
    }

    private sealed record StoreItem(string Source, string? SopClassUid, string? SopInstanceUid, DicomTransferSyntax? TransferSyntax, string? Error,
        Func<CancellationToken, DicomFile>? Load);

    private Task<IReadOnlyList<StoreResult>> StoreAsync(DicomPeer peer, IReadOnlyList<StoreItem> items, CancellationToken cancellationToken) =>
        TimedAsync(Telemetry.PacsOperations.Store, peer, () => StoreUntimedAsync(peer, items, cancellationToken));

    private async Task<IReadOnlyList<StoreResult>> StoreUntimedAsync(DicomPeer peer, IReadOnlyList<StoreItem> items, CancellationToken cancellationToken)
    {
        var results = new StoreResult?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Error is null && (string.IsNullOrEmpty(item.SopClassUid) || string.IsNullOrEmpty(item.SopInstanceUid)))
            {
                items = [.. items.Take(i), item with { Error = "the object has no SOP Class UID or SOP Instance UID" }, .. items.Skip(i + 1)];
            }
            if (items[i].Error is { } error)
            {
                results[i] = new StoreResult(item.Source, item.SopInstanceUid, null, error);
            }
        }
        var contexts = ProposeStorageContexts(items.Where(i => i.Error is null));
        if (contexts.Count > 0)
        {
            var channel = await OpenAsync(peer, contexts, [], cancellationToken).ConfigureAwait(false);
            await RunAsync(channel, async () =>
            {
                for (var i = 0; i < items.Count; i++)
                {
                    if (results[i] is null)
                    {
                        results[i] = await StoreOneAsync(channel, items[i], cancellationToken).ConfigureAwait(false);
                    }
                }
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        return results.Select(r => r!).ToArray();
    }

    /// <summary>
    /// One context per SOP class for uncompressed objects (explicit then implicit VR little endian), and one per
    /// SOP class and compressed transfer syntax (that syntax only), at most 128 (PS3.8 9.3.2.2).
    /// </summary>
    private static List<PresentationContext> ProposeStorageContexts(IEnumerable<StoreItem> items)
    {
        var contexts = new List<PresentationContext>();
        var seen = new HashSet<(string, string)>();
        foreach (var item in items)
        {
            var syntax = item.TransferSyntax!;
            var key = (item.SopClassUid!, syntax.IsEncapsulated ? syntax.Uid : "native");
            if (contexts.Count < 128 && seen.Add(key))
            {
                contexts.Add(new PresentationContext((byte)(2 * contexts.Count + 1), item.SopClassUid!,
                    syntax.IsEncapsulated ? [syntax.Uid] : Uncompressed));
            }
        }
        return contexts;
    }

    private async Task<StoreResult> StoreOneAsync(DimseChannel channel, StoreItem item, CancellationToken cancellationToken)
    {
        var syntax = item.TransferSyntax!;
        var context = syntax.IsEncapsulated
            ? FindContext(channel, item.SopClassUid!, ts => ts == syntax.Uid)
            : FindContext(channel, item.SopClassUid!, ts => ts == syntax.Uid) ?? FindContext(channel, item.SopClassUid!, ts => Uncompressed.Contains(ts));
        if (context is not { } contextId)
        {
            return new StoreResult(item.Source, item.SopInstanceUid, null,
                $"the peer accepted no presentation context for {Dicom.Dictionary.DicomUidRegistry.GetName(item.SopClassUid!)} in {syntax.Name}" +
                (syntax.IsEncapsulated ? " (compressed objects are sent as they are, never decompressed)" : ""));
        }
        var file = item.Load!(cancellationToken);
        var target = channel.TransferSyntaxOf(contextId);
        // The data set is encoded once into a temporary file and streamed from there, so that large pixel data
        // (left in the source file by the reader) is never held in memory whole.
        var temporary = Path.Combine(Path.GetTempPath(), $"pacsviewer-store-{Guid.NewGuid():N}.tmp");
        try
        {
            long length;
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                DicomFileWriter.WriteDataset(stream, file.Dataset, target, cancellationToken);
                length = stream.Length;
            }
            var id = channel.NextMessageId();
            var command = DimseCommands.StoreRequest(id, item.SopClassUid!, item.SopInstanceUid!);
            await channel.SendAsync(new DimseMessage(contextId, command, datasetFile: new DimseDatasetFile(temporary, 0, length)), cancellationToken).ConfigureAwait(false);
            var response = await ReceiveResponseAsync(channel, id, DimseCommandField.CStoreRsp, cancellationToken).ConfigureAwait(false);
            return new StoreResult(item.Source, item.SopInstanceUid, response.Status, response.Status.IsFailure ? response.ErrorComment ?? "the peer refused the object" : null);
        }
        finally
        {
            IncomingInstanceWriter.TryDelete(temporary);
        }
    }
}
