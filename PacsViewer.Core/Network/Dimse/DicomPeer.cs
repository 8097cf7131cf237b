using System.Globalization;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>A remote application entity: host, port and the AE title we call.</summary>
public sealed record DicomPeer(string Host, int Port, string CalledAeTitle)
{
    /// <summary>Parses <c>dicom://CALLED_AE@host:port</c> (also without the scheme).</summary>
    public static DicomPeer Parse(string text)
    {
        var rest = text.StartsWith("dicom://", StringComparison.OrdinalIgnoreCase) ? text["dicom://".Length..] : text;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var colon = rest.LastIndexOf(':');
        if (at <= 0 || colon < at + 2 || !int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"'{text}' is not dicom://CALLED_AE@host:port");
        }
        var ae = rest[..at];
        if (ae.Length > 16)
        {
            throw new FormatException($"AE title '{ae}' is longer than 16 characters");
        }
        var host = rest[(at + 1)..colon].Trim('[', ']');
        return new DicomPeer(host, port, ae);
    }

    public override string ToString() => $"dicom://{CalledAeTitle}@{Host}:{Port}";
}
