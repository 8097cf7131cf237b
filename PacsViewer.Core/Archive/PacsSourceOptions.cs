namespace PacsViewer.Core.Archive;

/// <summary>
/// One configured PACS connection, an item of <c>Pacs:Sources</c>. DICOMweb sources need <see cref="Url"/>; DIMSE
/// sources <see cref="AeTitle"/>, <see cref="Host"/> and <see cref="Port"/>. Credentials are never logged or shown
/// (<see cref="ToString"/> leaves them out).
/// </summary>
public sealed class PacsSourceOptions
{
    /// <summary>The source's name: its <see cref="IStudySource.Id"/>, unique among the sources.</summary>
    public string Name { get; set; } = "";

    public PacsSourceKind Kind { get; set; }

    /// <summary>DICOMweb: the service root, e.g. <c>https://pacs.example/dicom-web/</c>.</summary>
    public string? Url { get; set; }

    /// <summary>DIMSE: the peer's (called) AE title.</summary>
    public string? AeTitle { get; set; }

    /// <summary>DIMSE: our (calling) AE title for this peer; the application default when empty.</summary>
    public string? CallingAeTitle { get; set; }

    /// <summary>DIMSE: the peer's host name or address.</summary>
    public string? Host { get; set; }

    /// <summary>DIMSE: the peer's port.</summary>
    public int Port { get; set; }

    /// <summary>DIMSE: retrieve by C-GET (default) or by C-MOVE to the app's receiver (<c>Archive:ReceiverPort</c>).</summary>
    public DimseRetrieveMethod RetrieveMethod { get; set; }

    /// <summary>DIMSE with C-MOVE: the destination AE title the PACS knows our receiver by; <c>Archive:ReceiverAeTitle</c> when empty.</summary>
    public string? MoveDestinationAeTitle { get; set; }

    /// <summary>DICOMweb: user name for HTTP Basic authentication (with <see cref="Password"/>).</summary>
    public string? UserName { get; set; }

    /// <summary>DICOMweb: password for HTTP Basic authentication.</summary>
    public string? Password { get; set; }

    /// <summary>DICOMweb: a Bearer token (instead of a user name and password).</summary>
    public string? BearerToken { get; set; }

    /// <summary>Timeout of one attempt of one request, in seconds (until the response headers for streamed answers).</summary>
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Retries of a failed idempotent request (GET), with backoff; stores are never retried.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>Name, kind and address only: no credentials.</summary>
    public override string ToString() => Kind == PacsSourceKind.Dimse ? $"{Name} (dimse {AeTitle}@{Host}:{Port})" : $"{Name} ({Kind} {Url})";

    /// <summary>What is wrong with this source's settings, or null when they are usable.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            return "a source has no Name";
        }
        if (TimeoutSeconds < 1 || Retries < 0 || Retries > 10)
        {
            return $"source {Name}: TimeoutSeconds must be 1 or more and Retries 0 to 10";
        }
        switch (Kind)
        {
            case PacsSourceKind.DicomWeb:
                if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                {
                    return $"source {Name}: Url must be an absolute http or https URL (the DICOMweb service root)";
                }
                if (!string.IsNullOrEmpty(BearerToken) && !string.IsNullOrEmpty(UserName))
                {
                    return $"source {Name}: give either UserName and Password or BearerToken, not both";
                }
                if (!string.IsNullOrEmpty(UserName) && UserName.Contains(':', StringComparison.Ordinal))
                {
                    return $"source {Name}: a Basic authentication UserName cannot contain ':'";
                }
                return null;
            case PacsSourceKind.Dimse:
                if (!Enum.IsDefined(RetrieveMethod) || MoveDestinationAeTitle is { Length: > 16 })
                {
                    return $"source {Name}: RetrieveMethod must be get or move, and MoveDestinationAeTitle at most 16 characters";
                }
                return string.IsNullOrWhiteSpace(AeTitle) || AeTitle.Length > 16 || string.IsNullOrWhiteSpace(Host) || Port is < 1 or > 65535
                    ? $"source {Name}: a DIMSE source needs AeTitle (1 to 16 characters), Host and Port (1 to 65535)"
                    : null;
            case PacsSourceKind.Archive:
                return null;
            default:
                return $"source {Name}: unknown Kind {Kind}";
        }
    }
}
