using System.Buffers;
using System.Buffers.Binary;

namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// Reads one PDU from a stream (PS3.8 9.3). The 6-byte header is checked against <see cref="PduLimits"/> before
/// the body is read into a pooled buffer; every item and sub-item length is checked against its container.
/// Malformed input ends in a <see cref="PduFormatException"/>, never in an allocation the peer controls.
/// </summary>
public static class PduReader
{
    public const int HeaderLength = 6;

    /// <summary>
    /// The next PDU, or null when the peer closed the connection cleanly between PDUs. A connection closed inside a
    /// PDU is a <see cref="PduFormatException"/>.
    /// </summary>
    public static async ValueTask<Pdu?> ReadAsync(Stream stream, PduLimits limits, CancellationToken cancellationToken)
    {
        PduType type;
        uint length;
        if (stream is PduReadAheadStream { Buffered: HeaderLength } buffered)
        {
            // The header came with the previous P-DATA body: checked where it lies, no read and no copy.
            type = buffered.TakeHeader(limits, out length);
        }
        else
        {
            var header = new byte[HeaderLength];
            var got = await ReadAtLeastAsync(stream, header, cancellationToken).ConfigureAwait(false);
            if (got == 0)
            {
                return null;
            }
            if (got < HeaderLength)
            {
                throw new PduFormatException($"the connection closed inside a PDU header ({got} of 6 bytes)", AbortPdu.ReasonNotSpecified);
            }
            type = CheckHeader(header, limits, out length);
        }
        if (type == PduType.DataTransfer)
        {
            // P-DATA: the PDVs are slices of a pooled body, not copies; the DIMSE channel gives the body back once it
            // has consumed them (PDataTransferPdu.ReleaseBody). Pooling matters above 85,000 bytes: each PDU body or
            // fragment copy would otherwise be a large-object-heap allocation (with a copy per fragment, a 128 KB
            // maximum PDU length made our C-GET about 3 times slower than 64 KB in one run under load).
            // Through a PduReadAheadStream, the body is read together with the next PDU's header (PS3.8 9.3.1) when
            // it has arrived already: one read from the socket per PDU instead of two.
            var ahead = stream is PduReadAheadStream { Buffered: 0 } readAhead ? readAhead : null;
            var extra = ahead is null ? 0 : HeaderLength;
            var pooled = ArrayPool<byte>.Shared.Rent((int)Math.Max(length + extra, 1));
            try
            {
                var data = pooled.AsMemory(0, (int)length);
                var readData = await ReadAtLeastAsync(stream, pooled.AsMemory(0, (int)length + extra), (int)length, cancellationToken).ConfigureAwait(false);
                if (readData < length)
                {
                    throw new PduFormatException($"the connection closed after {readData} of the {length} bytes the {type} PDU declared", AbortPdu.ReasonNotSpecified);
                }
                var values = ParseData(data);
                if (readData > length)
                {
                    ahead!.Unread(pooled.AsSpan((int)length, readData - (int)length));
                }
                return new PDataTransferPdu(values, pooled);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(pooled);
                throw;
            }
        }
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
        try
        {
            var body = buffer.AsMemory(0, (int)length);
            var read = await ReadAtLeastAsync(stream, body, cancellationToken).ConfigureAwait(false);
            if (read < length)
            {
                throw new PduFormatException($"the connection closed after {read} of the {length} bytes the {type} PDU declared", AbortPdu.ReasonNotSpecified);
            }
            return Parse(type, body.Span);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Checks the PDU header (PS3.8 9.3.1): a known type and a length within the limit for that type.</summary>
    public static PduType CheckHeader(ReadOnlySpan<byte> header, PduLimits limits, out uint length)
    {
        var type = (PduType)header[0];
        length = BinaryPrimitives.ReadUInt32BigEndian(header[2..]);
        if (!Enum.IsDefined(type))
        {
            throw new PduFormatException(header[0] == (byte)'G' || header[0] == (byte)'P' || header[0] == (byte)'H'
                ? "unrecognized PDU type 0x" + header[0].ToString("X2") + " (is this an HTTP client on the DICOM port?)"
                : "unrecognized PDU type 0x" + header[0].ToString("X2"), AbortPdu.ReasonUnrecognizedPdu);
        }
        var max = limits.MaxFor(type);
        if (length > max)
        {
            throw new PduFormatException($"{type} PDU declares {length} bytes, more than the limit of {max}");
        }
        if (type is not (PduType.DataTransfer or PduType.AssociateRequest or PduType.AssociateAccept) && length != 4)
        {
            throw new PduFormatException($"{type} PDU declares {length} bytes; it has 4 (PS3.8 9.3)");
        }
        return type;
    }

    /// <summary>Parses a PDU body whose header has been checked.</summary>
    public static Pdu Parse(PduType type, ReadOnlySpan<byte> body) => type switch
    {
        PduType.AssociateRequest => new AssociateRequestPdu(AssociatePduParser.ParseRequest(body)),
        PduType.AssociateAccept => new AssociateAcceptPdu(AssociatePduParser.ParseAccept(body)),
        PduType.AssociateReject => new AssociateRejectPdu(new AssociationRejection(body[1], body[2], body[3])),
        PduType.DataTransfer => new PDataTransferPdu(ParseData(body.ToArray())),
        PduType.ReleaseRequest => new ReleaseRequestPdu(),
        PduType.ReleaseResponse => new ReleaseResponsePdu(),
        PduType.Abort => new AbortPdu(body[2], body[3]),
        _ => throw new PduFormatException($"unrecognized PDU type {type}", AbortPdu.ReasonUnrecognizedPdu),
    };

    /// <summary>PS3.8 9.3.5: a sequence of PDV items, each a 4-byte length, context id, control header and data.</summary>
    private static List<PresentationDataValue> ParseData(ReadOnlyMemory<byte> memory)
    {
        var body = memory.Span;
        var values = new List<PresentationDataValue>(1);
        var offset = 0;
        while (offset < body.Length)
        {
            if (body.Length - offset < 6)
            {
                throw new PduFormatException($"P-DATA-TF: {body.Length - offset} bytes left, too few for a PDV item header");
            }
            var itemLength = BinaryPrimitives.ReadUInt32BigEndian(body[offset..]);
            if (itemLength < 2 || itemLength > body.Length - offset - 4)
            {
                throw new PduFormatException($"P-DATA-TF: a PDV item declares {itemLength} bytes; {body.Length - offset - 4} remain in the PDU");
            }
            var contextId = body[offset + 4];
            var control = body[offset + 5];
            if ((control & 0xFC) != 0)
            {
                throw new PduFormatException($"P-DATA-TF: message control header 0x{control:X2} has reserved bits set (PS3.8 E.2)");
            }
            var data = memory.Slice(offset + 6, (int)itemLength - 2);
            values.Add(new PresentationDataValue(contextId, (control & 1) != 0, (control & 2) != 0, data));
            offset += 4 + (int)itemLength;
        }
        if (values.Count == 0)
        {
            throw new PduFormatException("P-DATA-TF without any PDV item (PS3.8 9.3.5)");
        }
        return values;
    }

    private static ValueTask<int> ReadAtLeastAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken) =>
        ReadAtLeastAsync(stream, buffer, buffer.Length, cancellationToken);

    /// <summary>Reads until at least <paramref name="minimum"/> bytes (or the end of the stream); may fill more of <paramref name="buffer"/>.</summary>
    private static async ValueTask<int> ReadAtLeastAsync(Stream stream, Memory<byte> buffer, int minimum, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < minimum)
        {
            var n = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        return total;
    }
}
