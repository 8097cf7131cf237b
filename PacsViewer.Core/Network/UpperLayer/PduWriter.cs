using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>Encodes PDUs (PS3.8 9.3) and writes them to a stream in one write each.</summary>
public static class PduWriter
{
    public static async ValueTask WriteAsync(Stream stream, Pdu pdu, CancellationToken cancellationToken)
    {
        var bytes = Encode(pdu);
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A P-DATA-TF with a single PDV (PS3.8 9.3.5): 6-byte PDU header, 4-byte item length, context id, message
    /// control header, then the fragment. The caller keeps the PDU within the peer's maximum length.
    /// </summary>
    public static async ValueTask WriteDataAsync(Stream stream, byte presentationContextId, bool isCommand, bool isLast,
        ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken)
    {
        var total = 12 + fragment.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            buffer[0] = (byte)PduType.DataTransfer;
            buffer[1] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(2), (uint)(total - 6));
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(6), (uint)(fragment.Length + 2));
            buffer[10] = presentationContextId;
            buffer[11] = (byte)((isCommand ? 1 : 0) | (isLast ? 2 : 0)); // PS3.8 E.2
            fragment.Span.CopyTo(buffer.AsSpan(12));
            await stream.WriteAsync(buffer.AsMemory(0, total), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static byte[] Encode(Pdu pdu)
    {
        var body = new ArrayBufferWriter<byte>(256);
        switch (pdu)
        {
            case AssociateRequestPdu rq:
                WriteAssociate(body, rq.Request.ProtocolVersion, rq.Request.CalledAeTitle, rq.Request.CallingAeTitle, rq.Request.ApplicationContextName,
                    rq.Request.PresentationContexts, rq.Request.UserInformation, request: true);
                break;
            case AssociateAcceptPdu ac:
                WriteAssociate(body, ac.Accept.ProtocolVersion, ac.Accept.CalledAeTitle, ac.Accept.CallingAeTitle, ac.Accept.ApplicationContextName,
                    ac.Accept.PresentationContexts, ac.Accept.UserInformation, request: false);
                break;
            case AssociateRejectPdu rj:
                body.Write<byte>([0, rj.Rejection.Result, rj.Rejection.Source, rj.Rejection.Reason]);
                break;
            case PDataTransferPdu data:
                foreach (var pdv in data.Values)
                {
                    WriteUInt32(body, (uint)(pdv.Data.Length + 2));
                    body.Write<byte>([pdv.PresentationContextId, pdv.MessageControlHeader]);
                    body.Write(pdv.Data.Span);
                }
                break;
            case ReleaseRequestPdu or ReleaseResponsePdu:
                body.Write<byte>([0, 0, 0, 0]);
                break;
            case AbortPdu abort:
                body.Write<byte>([0, 0, abort.Source, abort.Reason]);
                break;
            default:
                throw new ArgumentException($"cannot encode {pdu.GetType().Name}", nameof(pdu));
        }
        var result = new byte[6 + body.WrittenCount];
        result[0] = (byte)pdu.Type;
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(2), (uint)body.WrittenCount);
        body.WrittenSpan.CopyTo(result.AsSpan(6));
        return result;
    }

    /// <summary>PS3.8 9.3.2 / 9.3.3: fixed fields, then items 10H, 20H or 21H, 50H.</summary>
    private static void WriteAssociate(ArrayBufferWriter<byte> w, ushort version, string called, string calling, string applicationContext,
        IReadOnlyList<PresentationContext> contexts, UserInformation user, bool request)
    {
        var fixedFields = new byte[68];
        BinaryPrimitives.WriteUInt16BigEndian(fixedFields, version);
        WriteAe(fixedFields.AsSpan(4, 16), called);
        WriteAe(fixedFields.AsSpan(20, 16), calling);
        w.Write(fixedFields);
        WriteItem(w, 0x10, Ascii(applicationContext));
        foreach (var pc in contexts)
        {
            var item = new ArrayBufferWriter<byte>(128);
            item.Write<byte>([pc.Id, 0, request ? (byte)0 : (byte)pc.Result, 0]);
            if (request)
            {
                WriteItem(item, 0x30, Ascii(pc.AbstractSyntax));
                foreach (var ts in pc.TransferSyntaxes)
                {
                    WriteItem(item, 0x40, Ascii(ts));
                }
            }
            else
            {
                // PS3.8 9.3.3.2: one transfer syntax sub-item; its value is not significant when not accepted.
                WriteItem(item, 0x40, Ascii(pc.TransferSyntax));
            }
            WriteItem(w, request ? (byte)0x20 : (byte)0x21, item.WrittenSpan);
        }
        var u = new ArrayBufferWriter<byte>(128);
        var max = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(max, user.MaxPduLength);
        WriteItem(u, 0x51, max);
        WriteItem(u, 0x52, Ascii(user.ImplementationClassUid));
        if (user.AsynchronousOperationsWindow is { } window)
        {
            var v = new byte[4];
            BinaryPrimitives.WriteUInt16BigEndian(v, window.Invoked);
            BinaryPrimitives.WriteUInt16BigEndian(v.AsSpan(2), window.Performed);
            WriteItem(u, 0x53, v);
        }
        foreach (var role in user.RoleSelections)
        {
            var uid = Ascii(role.SopClassUid);
            var v = new byte[uid.Length + 4];
            BinaryPrimitives.WriteUInt16BigEndian(v, (ushort)uid.Length);
            uid.CopyTo(v, 2);
            v[^2] = role.ScuRole ? (byte)1 : (byte)0;
            v[^1] = role.ScpRole ? (byte)1 : (byte)0;
            WriteItem(u, 0x54, v);
        }
        if (!string.IsNullOrEmpty(user.ImplementationVersionName))
        {
            WriteItem(u, 0x55, Ascii(user.ImplementationVersionName));
        }
        if (request && user.UserIdentity is { } identity)
        {
            var v = new byte[6 + identity.PrimaryField.Length + identity.SecondaryField.Length];
            v[0] = identity.IdentityType;
            v[1] = identity.PositiveResponseRequested ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteUInt16BigEndian(v.AsSpan(2), (ushort)identity.PrimaryField.Length);
            identity.PrimaryField.Span.CopyTo(v.AsSpan(4));
            BinaryPrimitives.WriteUInt16BigEndian(v.AsSpan(4 + identity.PrimaryField.Length), (ushort)identity.SecondaryField.Length);
            identity.SecondaryField.Span.CopyTo(v.AsSpan(6 + identity.PrimaryField.Length));
            WriteItem(u, 0x58, v);
        }
        if (!request && user.UserIdentityServerResponse is { } response)
        {
            var v = new byte[2 + response.Length];
            BinaryPrimitives.WriteUInt16BigEndian(v, (ushort)response.Length);
            response.Span.CopyTo(v.AsSpan(2));
            WriteItem(u, 0x59, v);
        }
        WriteItem(w, 0x50, u.WrittenSpan);
    }

    private static void WriteItem(ArrayBufferWriter<byte> w, byte type, ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"item 0x{type:X2} of {value.Length} bytes does not fit a 16-bit length (PS3.8 9.3)");
        }
        Span<byte> header = [type, 0, (byte)(value.Length >> 8), (byte)value.Length];
        w.Write(header);
        w.Write(value);
    }

    private static void WriteUInt32(ArrayBufferWriter<byte> w, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        w.Write(b);
    }

    /// <summary>PS3.8 9.3.2: 16 characters, padded with spaces.</summary>
    private static void WriteAe(Span<byte> destination, string ae)
    {
        destination.Fill((byte)' ');
        var bytes = Ascii(ae.Trim());
        if (bytes.Length > 16 || bytes.Length == 0)
        {
            throw new ArgumentException($"AE title '{ae}' must have 1 to 16 characters (PS3.5 Table 6.2-1)");
        }
        bytes.CopyTo(destination);
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
