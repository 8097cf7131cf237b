using System.Buffers.Binary;
using System.Text;

namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// The variable items of A-ASSOCIATE-RQ (PS3.8 9.3.2) and A-ASSOCIATE-AC (PS3.8 9.3.3): application context
/// (10H), presentation contexts (20H/21H with 30H/40H sub-items) and user information (50H with its sub-items).
/// Every item length is checked against the bytes left in its container.
/// </summary>
internal static class AssociatePduParser
{
    private const int FixedFieldsLength = 68;

    public static AssociationRequest ParseRequest(ReadOnlySpan<byte> body)
    {
        var (version, called, calling, context, contexts, user) = ParseCommon(body, "A-ASSOCIATE-RQ", request: true);
        return new AssociationRequest
        {
            ProtocolVersion = version,
            CalledAeTitle = called,
            CallingAeTitle = calling,
            ApplicationContextName = context,
            PresentationContexts = contexts,
            UserInformation = user,
        };
    }

    public static AssociationAccept ParseAccept(ReadOnlySpan<byte> body)
    {
        var (version, called, calling, context, contexts, user) = ParseCommon(body, "A-ASSOCIATE-AC", request: false);
        return new AssociationAccept
        {
            ProtocolVersion = version,
            CalledAeTitle = called,
            CallingAeTitle = calling,
            ApplicationContextName = context,
            PresentationContexts = contexts,
            UserInformation = user,
        };
    }

    private static (ushort, string, string, string, List<PresentationContext>, UserInformation) ParseCommon(ReadOnlySpan<byte> body, string pdu, bool request)
    {
        if (body.Length < FixedFieldsLength)
        {
            throw new PduFormatException($"{pdu}: {body.Length} bytes, shorter than its 68 bytes of fixed fields (PS3.8 9.3.2)");
        }
        var version = BinaryPrimitives.ReadUInt16BigEndian(body);
        var called = Text(body.Slice(4, 16));
        var calling = Text(body.Slice(20, 16));
        string? applicationContext = null;
        var contexts = new List<PresentationContext>();
        UserInformation? user = null;
        var items = body[FixedFieldsLength..];
        while (!items.IsEmpty)
        {
            var itemType = NextItem(ref items, pdu, out var value);
            switch (itemType)
            {
                case 0x10:
                    applicationContext = Text(value);
                    break;
                case 0x20 when request:
                case 0x21 when !request:
                    if (contexts.Count >= 128)
                    {
                        throw new PduFormatException($"{pdu}: more than 128 presentation contexts (PS3.8 9.3.2.2: ids 1-255, odd)");
                    }
                    contexts.Add(ParsePresentationContext(value, pdu, request));
                    break;
                case 0x50:
                    user = ParseUserInformation(value, pdu);
                    break;
                default:
                    throw new PduFormatException($"{pdu}: unexpected item type 0x{itemType:X2}", AbortPdu.ReasonUnexpectedPduParameter);
            }
        }
        if (applicationContext is null)
        {
            throw new PduFormatException($"{pdu}: no application context item (PS3.8 9.3.2.1)");
        }
        if (user is null)
        {
            throw new PduFormatException($"{pdu}: no user information item with a maximum length (PS3.8 9.3.2.3, D.1)");
        }
        return (version, called, calling, applicationContext, contexts, user);
    }

    /// <summary>PS3.8 9.3.2.2 / 9.3.3.2: id, reserved, result (AC), reserved, then 30H and 40H sub-items.</summary>
    private static PresentationContext ParsePresentationContext(ReadOnlySpan<byte> value, string pdu, bool request)
    {
        if (value.Length < 4)
        {
            throw new PduFormatException($"{pdu}: presentation context item of {value.Length} bytes, shorter than its 4 fixed bytes");
        }
        var id = value[0];
        var result = (PresentationContextResult)value[2];
        if (!request && !Enum.IsDefined(result))
        {
            throw new PduFormatException($"{pdu}: presentation context {id} has result {value[2]} (PS3.8 Table 9-18)");
        }
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>();
        var sub = value[4..];
        while (!sub.IsEmpty)
        {
            var subType = NextItem(ref sub, pdu, out var subValue);
            switch (subType)
            {
                case 0x30 when request:
                    abstractSyntax = Text(subValue);
                    break;
                case 0x40:
                    if (transferSyntaxes.Count >= 64)
                    {
                        throw new PduFormatException($"{pdu}: presentation context {id} proposes more than 64 transfer syntaxes");
                    }
                    transferSyntaxes.Add(Text(subValue));
                    break;
                default:
                    throw new PduFormatException($"{pdu}: unexpected sub-item 0x{subType:X2} in presentation context {id}", AbortPdu.ReasonUnexpectedPduParameter);
            }
        }
        if (request && (abstractSyntax is null || transferSyntaxes.Count == 0))
        {
            throw new PduFormatException($"{pdu}: presentation context {id} lacks an abstract syntax or a transfer syntax (PS3.8 9.3.2.2)");
        }
        return new PresentationContext(id, abstractSyntax ?? "", transferSyntaxes, request ? PresentationContextResult.Acceptance : result);
    }

    /// <summary>PS3.8 9.3.2.3 and Annex D; PS3.7 D.3.3.</summary>
    private static UserInformation ParseUserInformation(ReadOnlySpan<byte> value, string pdu)
    {
        uint? maxLength = null;
        string implementationClass = "";
        string? version = null;
        (ushort, ushort)? window = null;
        var roles = new List<RoleSelection>();
        UserIdentity? identity = null;
        ReadOnlyMemory<byte>? identityResponse = null;
        var sub = value;
        while (!sub.IsEmpty)
        {
            var subType = NextItem(ref sub, pdu, out var v);
            switch (subType)
            {
                case 0x51:
                    RequireLength(v, 4, "maximum length", pdu);
                    maxLength = BinaryPrimitives.ReadUInt32BigEndian(v);
                    break;
                case 0x52:
                    implementationClass = Text(v);
                    break;
                case 0x55:
                    version = Text(v);
                    break;
                case 0x53:
                    RequireLength(v, 4, "asynchronous operations window", pdu);
                    window = (BinaryPrimitives.ReadUInt16BigEndian(v), BinaryPrimitives.ReadUInt16BigEndian(v[2..]));
                    break;
                case 0x54:
                    roles.Add(ParseRole(v, pdu));
                    break;
                case 0x58:
                    identity = ParseIdentity(v, pdu);
                    break;
                case 0x59:
                    identityResponse = ParseIdentityResponse(v, pdu);
                    break;
                default:
                    // 56H SOP class extended, 57H common extended and others we do not negotiate: the length has been
                    // checked by NextItem; the content is ignored, which PS3.7 D.3.3 allows for unsupported items.
                    break;
            }
        }
        if (maxLength is null)
        {
            throw new PduFormatException($"{pdu}: user information without a maximum length sub-item (PS3.8 D.1)");
        }
        return new UserInformation
        {
            MaxPduLength = maxLength.Value,
            ImplementationClassUid = implementationClass,
            ImplementationVersionName = version,
            AsynchronousOperationsWindow = window,
            RoleSelections = roles,
            UserIdentity = identity,
            UserIdentityServerResponse = identityResponse,
        };
    }

    /// <summary>PS3.7 D.3.3.4: UID length (2), UID, SCU role (1), SCP role (1).</summary>
    private static RoleSelection ParseRole(ReadOnlySpan<byte> v, string pdu)
    {
        if (v.Length < 2)
        {
            throw new PduFormatException($"{pdu}: role selection sub-item of {v.Length} bytes");
        }
        var uidLength = BinaryPrimitives.ReadUInt16BigEndian(v);
        if (uidLength + 4 != v.Length)
        {
            throw new PduFormatException($"{pdu}: role selection UID length {uidLength} does not fit its {v.Length}-byte sub-item");
        }
        return new RoleSelection(Text(v.Slice(2, uidLength)), v[2 + uidLength] != 0, v[3 + uidLength] != 0);
    }

    /// <summary>PS3.7 D.3.3.7.1: type, positive response requested, primary field (2 + n), secondary field (2 + n).</summary>
    private static UserIdentity ParseIdentity(ReadOnlySpan<byte> v, string pdu)
    {
        if (v.Length < 4)
        {
            throw new PduFormatException($"{pdu}: user identity sub-item of {v.Length} bytes");
        }
        var primaryLength = BinaryPrimitives.ReadUInt16BigEndian(v[2..]);
        if (4 + primaryLength + 2 > v.Length)
        {
            throw new PduFormatException($"{pdu}: user identity primary field of {primaryLength} bytes does not fit its {v.Length}-byte sub-item");
        }
        var primary = v.Slice(4, primaryLength).ToArray();
        var rest = v[(4 + primaryLength)..];
        var secondaryLength = BinaryPrimitives.ReadUInt16BigEndian(rest);
        if (2 + secondaryLength != rest.Length)
        {
            throw new PduFormatException($"{pdu}: user identity secondary field of {secondaryLength} bytes does not fit the {rest.Length - 2} bytes left");
        }
        return new UserIdentity(v[0], v[1] != 0, primary, rest.Slice(2, secondaryLength).ToArray());
    }

    /// <summary>PS3.7 D.3.3.7.2: server response length (2) and response.</summary>
    private static ReadOnlyMemory<byte> ParseIdentityResponse(ReadOnlySpan<byte> v, string pdu)
    {
        if (v.Length < 2 || BinaryPrimitives.ReadUInt16BigEndian(v) + 2 != v.Length)
        {
            throw new PduFormatException($"{pdu}: user identity response length does not fit its {v.Length}-byte sub-item");
        }
        return v[2..].ToArray();
    }

    /// <summary>One item: type (1), reserved (1), length (2, big endian), value; the length must fit what is left.</summary>
    private static byte NextItem(ref ReadOnlySpan<byte> span, string pdu, out ReadOnlySpan<byte> value)
    {
        if (span.Length < 4)
        {
            throw new PduFormatException($"{pdu}: {span.Length} bytes left, too few for an item header");
        }
        var type = span[0];
        var length = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        if (length > span.Length - 4)
        {
            throw new PduFormatException($"{pdu}: item 0x{type:X2} declares {length} bytes; its container has {span.Length - 4} left");
        }
        value = span.Slice(4, length);
        span = span[(4 + length)..];
        return type;
    }

    private static void RequireLength(ReadOnlySpan<byte> v, int length, string what, string pdu)
    {
        if (v.Length != length)
        {
            throw new PduFormatException($"{pdu}: {what} sub-item of {v.Length} bytes; it has {length}");
        }
    }

    /// <summary>AE titles and UIDs: ASCII, padded with spaces (AE) or a NUL (UID).</summary>
    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes).Trim(' ', '\0');
}
