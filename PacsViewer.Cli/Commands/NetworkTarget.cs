using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// The TARGET of a network verb, parsed once for all verbs: a DIMSE peer (<c>dicom://CALLED_AE@host:port</c>, the scheme
/// optional) or a DICOMweb service root (<c>http(s)://host[:port]/path</c>). Exactly one of the two is set.
/// </summary>
internal sealed record NetworkTarget(DicomPeer? Dimse, Uri? DicomWebRoot)
{
    private const string Forms = "dicom://CALLED_AE@host:port nor http(s)://host[:port]/dicom-web";

    public bool IsDicomWeb => DicomWebRoot is not null;

    public static NetworkTarget Parse(string text)
    {
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            {
                throw new FormatException($"'{text}' is not dicom://CALLED_AE@host:port nor a valid http(s) URL");
            }
            if (uri.UserInfo.Length > 0)
            {
                // Credentials in the URL would end up in shell history and process lists.
                throw new FormatException("a DICOMweb target carries no credentials: use --user/--password or --token (or PACS_USER, PACS_PASSWORD, PACS_TOKEN)");
            }
            if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            {
                throw new FormatException("a DICOMweb target is the service root, without a query string or fragment");
            }
            var root = uri.GetLeftPart(UriPartial.Path);
            return new NetworkTarget(null, new Uri(root.EndsWith('/') ? root : root + "/", UriKind.Absolute));
        }
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0 && !text.StartsWith("dicom://", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"'{text}' is not {Forms}");
        }
        try
        {
            return new NetworkTarget(DicomPeer.Parse(text), null);
        }
        catch (FormatException e) when (!e.Message.StartsWith("AE title", StringComparison.Ordinal))
        {
            throw new FormatException($"'{text}' is not {Forms}", e);
        }
    }

    public override string ToString() => Dimse?.ToString() ?? DicomWebRoot!.ToString();
}
