namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// A-ABORT (PS3.8 9.3.8): source 0 the service user, 2 the service provider; the reason is meaningful only when
/// the provider aborts (Table 9-26).
/// </summary>
public sealed record AbortPdu(byte Source, byte Reason) : Pdu
{
    public const byte SourceServiceUser = 0;
    public const byte SourceServiceProvider = 2;
    public const byte ReasonNotSpecified = 0;
    public const byte ReasonUnrecognizedPdu = 1;
    public const byte ReasonUnexpectedPdu = 2;
    public const byte ReasonUnrecognizedPduParameter = 4;
    public const byte ReasonUnexpectedPduParameter = 5;
    public const byte ReasonInvalidPduParameterValue = 6;

    public override PduType Type => PduType.Abort;

    public string Describe()
    {
        var source = Source switch { SourceServiceUser => "service user", SourceServiceProvider => "service provider", _ => $"source {Source}" };
        var reason = Reason switch
        {
            ReasonNotSpecified => "reason not specified",
            ReasonUnrecognizedPdu => "unrecognized PDU",
            ReasonUnexpectedPdu => "unexpected PDU",
            ReasonUnrecognizedPduParameter => "unrecognized PDU parameter",
            ReasonUnexpectedPduParameter => "unexpected PDU parameter",
            ReasonInvalidPduParameterValue => "invalid PDU parameter value",
            _ => $"reason {Reason}",
        };
        return Source == SourceServiceUser ? $"aborted by the {source}" : $"aborted by the {source}: {reason}";
    }
}
