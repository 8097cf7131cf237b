namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// Why an association was rejected (PS3.8 9.3.4, Table 9-21): result 1 permanent or 2 transient; source 1 the
/// service user, 2 the service provider (ACSE), 3 the service provider (presentation); and a reason per source.
/// </summary>
public sealed record AssociationRejection(byte Result, byte Source, byte Reason)
{
    public const byte Permanent = 1;
    public const byte Transient = 2;
    public const byte SourceServiceUser = 1;
    public const byte SourceAcse = 2;
    public const byte SourcePresentation = 3;

    public static AssociationRejection NoReasonGiven => new(Permanent, SourceServiceUser, 1);
    public static AssociationRejection ApplicationContextNotSupported => new(Permanent, SourceServiceUser, 2);
    public static AssociationRejection CallingAeNotRecognized => new(Permanent, SourceServiceUser, 3);
    public static AssociationRejection CalledAeNotRecognized => new(Permanent, SourceServiceUser, 7);
    public static AssociationRejection ProtocolVersionNotSupported => new(Permanent, SourceAcse, 2);
    public static AssociationRejection TemporaryCongestion => new(Transient, SourcePresentation, 1);
    public static AssociationRejection LocalLimitExceeded => new(Transient, SourcePresentation, 2);

    /// <summary>Result, source and reason in words (PS3.8 Table 9-21).</summary>
    public string Describe()
    {
        var result = Result switch { Permanent => "permanent", Transient => "transient", _ => $"result {Result}" };
        var reason = (Source, Reason) switch
        {
            (SourceServiceUser, 1) => "no reason given",
            (SourceServiceUser, 2) => "application context name not supported",
            (SourceServiceUser, 3) => "calling AE title not recognized",
            (SourceServiceUser, 7) => "called AE title not recognized",
            (SourceAcse, 1) => "no reason given (ACSE)",
            (SourceAcse, 2) => "protocol version not supported",
            (SourcePresentation, 1) => "temporary congestion",
            (SourcePresentation, 2) => "local limit exceeded",
            _ => $"source {Source} reason {Reason}",
        };
        return $"{result}: {reason}";
    }
}
