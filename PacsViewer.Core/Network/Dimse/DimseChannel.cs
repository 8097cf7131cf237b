using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>
/// DIMSE messages over an established association: a message is sent as command fragments then data fragments,
/// each PDV no larger than the peer's maximum PDU length allows (PS3.7 6.3; PS3.8 9.3.5, E.2), and received by
/// reassembling fragments with a bound on the command and in-memory data set sizes. On a protocol violation the
/// association is aborted.
/// </summary>
public sealed class DimseChannel
{
    private readonly Queue<PresentationDataValue> _pending = new();
    private PDataTransferPdu? _current;
    private ushort _nextMessageId;

    public DimseChannel(DicomAssociation association, DimseChannelLimits? limits = null)
    {
        Association = association;
        Limits = limits ?? DimseChannelLimits.Default;
    }

    public DicomAssociation Association { get; }

    public DimseChannelLimits Limits { get; }

    public ushort NextMessageId() => ++_nextMessageId == 0 ? ++_nextMessageId : _nextMessageId;

    /// <summary>The transfer syntax of an accepted presentation context.</summary>
    public DicomTransferSyntax TransferSyntaxOf(byte presentationContextId) =>
        DicomTransferSyntax.FromUid(Association.Accept.FindAccepted(presentationContextId)?.TransferSyntax
            ?? throw new InvalidOperationException($"presentation context {presentationContextId} was not accepted"));

    public async Task SendAsync(DimseMessage message, CancellationToken cancellationToken)
    {
        var maxFragment = (int)Association.PeerMaxPduLength - 6; // PDV item: 4-byte length, context id, control header
        var command = DimseCommands.Encode(message.Command);
        await SendFragmentsAsync(message.PresentationContextId, isCommand: true, command, maxFragment, cancellationToken).ConfigureAwait(false);
        if (message.Dataset is { } dataset)
        {
            using var encoded = new MemoryStream();
            DicomFileWriter.WriteDataset(encoded, dataset, TransferSyntaxOf(message.PresentationContextId), cancellationToken);
            await SendFragmentsAsync(message.PresentationContextId, isCommand: false, encoded.GetBuffer().AsMemory(0, (int)encoded.Length), maxFragment, cancellationToken).ConfigureAwait(false);
        }
        else if (message.DatasetFile is { } file)
        {
            await SendFileAsync(message.PresentationContextId, file, maxFragment, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendFragmentsAsync(byte contextId, bool isCommand, ReadOnlyMemory<byte> bytes, int maxFragment, CancellationToken cancellationToken)
    {
        var offset = 0;
        do
        {
            var length = Math.Min(maxFragment, bytes.Length - offset);
            var last = offset + length == bytes.Length;
            await Association.SendDataAsync(contextId, isCommand, last, bytes.Slice(offset, length), cancellationToken).ConfigureAwait(false);
            offset += length;
        }
        while (offset < bytes.Length);
    }

    private async Task SendFileAsync(byte contextId, DimseDatasetFile file, int maxFragment, CancellationToken cancellationToken)
    {
        var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            stream.Position = file.Offset;
            var buffer = new byte[maxFragment];
            var remaining = file.Length;
            if (remaining == 0)
            {
                await Association.SendDataAsync(contextId, false, true, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                return;
            }
            while (remaining > 0)
            {
                var want = (int)Math.Min(buffer.Length, remaining);
                var got = await stream.ReadAtLeastAsync(buffer.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (got < want)
                {
                    throw new IOException($"{Path.GetFileName(file.Path)} ended {remaining - got} bytes early while it was being sent");
                }
                remaining -= got;
                await Association.SendDataAsync(contextId, false, remaining == 0, buffer.AsMemory(0, got), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The next message's command, or null when the peer released the association. The data set, if the command
    /// announces one, must then be read with <see cref="ReceiveDatasetAsync(DimseMessage, TimeSpan, CancellationToken)"/>
    /// or <see cref="ReceiveDatasetToAsync"/>.
    /// </summary>
    public async Task<DimseMessage?> ReceiveCommandAsync(TimeSpan timeout, string awaiting, CancellationToken cancellationToken)
    {
        using var command = new MemoryStream();
        byte? contextId = null;
        while (true)
        {
            var pdv = await NextPdvAsync(timeout, awaiting, allowRelease: command.Length == 0 && contextId is null, cancellationToken).ConfigureAwait(false);
            if (pdv is null)
            {
                return null;
            }
            if (!pdv.IsCommand)
            {
                throw await ViolationAsync($"a data fragment arrived where a command was expected (PS3.7 6.3)", cancellationToken).ConfigureAwait(false);
            }
            if (contextId is { } id && id != pdv.PresentationContextId)
            {
                throw await ViolationAsync($"command fragments on presentation contexts {id} and {pdv.PresentationContextId}", cancellationToken).ConfigureAwait(false);
            }
            contextId = pdv.PresentationContextId;
            if (command.Length + pdv.Data.Length > Limits.MaxCommandBytes)
            {
                throw await ViolationAsync($"a command set longer than {Limits.MaxCommandBytes} bytes", cancellationToken).ConfigureAwait(false);
            }
            command.Write(pdv.Data.Span);
            if (pdv.IsLast)
            {
                break;
            }
        }
        DicomDataset decoded;
        try
        {
            decoded = DimseCommands.Decode(command.GetBuffer().AsMemory(0, (int)command.Length));
        }
        catch (DicomFormatException e)
        {
            throw await ViolationAsync($"malformed command set: {e.Message}", cancellationToken).ConfigureAwait(false);
        }
        return new DimseMessage(contextId!.Value, decoded);
    }

    /// <summary>Reads the data set that follows <paramref name="command"/> into memory (bounded) and parses it.</summary>
    public async Task<DicomDataset> ReceiveDatasetAsync(DimseMessage command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await ReceiveDatasetToAsync(command, buffer, Limits.MaxDatasetBytesInMemory, timeout, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        try
        {
            return DicomFile.ReadDataset(buffer, TransferSyntaxOf(command.PresentationContextId), sourceName: $"{command} data set", cancellationToken: cancellationToken);
        }
        catch (DicomFormatException e)
        {
            throw await ViolationAsync($"malformed data set in {command}: {e.Message}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Copies the data set fragments that follow <paramref name="command"/> to <paramref name="destination"/>, at most <paramref name="maxBytes"/>.</summary>
    public async Task<long> ReceiveDatasetToAsync(DimseMessage command, Stream destination, long maxBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var pdv = await NextPdvAsync(timeout, $"the data set of {command}", allowRelease: false, cancellationToken).ConfigureAwait(false);
            if (pdv!.IsCommand || pdv.PresentationContextId != command.PresentationContextId)
            {
                throw await ViolationAsync($"the data set of {command} was interrupted by a fragment of another message (PS3.7 6.3)", cancellationToken).ConfigureAwait(false);
            }
            total += pdv.Data.Length;
            if (total > maxBytes)
            {
                throw await ViolationAsync($"the data set of {command} is larger than the limit of {maxBytes} bytes", cancellationToken).ConfigureAwait(false);
            }
            await destination.WriteAsync(pdv.Data, cancellationToken).ConfigureAwait(false);
            if (pdv.IsLast)
            {
                return total;
            }
        }
    }

    private async Task<PresentationDataValue?> NextPdvAsync(TimeSpan timeout, string awaiting, bool allowRelease, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            // Every value of the previous PDU has been consumed (copied into a command, or written to the data set's
            // destination, whose WriteAsync has completed): its pooled body can be reused.
            _current?.ReleaseBody();
            _current = null;
            var pdu = await Association.ReceiveDataAsync(timeout, awaiting, cancellationToken).ConfigureAwait(false);
            if (pdu is null)
            {
                if (!allowRelease)
                {
                    throw new DimseProtocolException($"the peer released the association in the middle of a message, while we awaited {awaiting}");
                }
                return null;
            }
            _current = pdu;
            foreach (var pdv in pdu.Values)
            {
                _pending.Enqueue(pdv);
            }
        }
        return _pending.Dequeue();
    }

    private async Task<DimseProtocolException> ViolationAsync(string problem, CancellationToken cancellationToken)
    {
        await Association.AbortAsync(cancellationToken).ConfigureAwait(false);
        return new DimseProtocolException(problem + "; the association was aborted");
    }
}
