using System.Net.Http.Headers;

namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>
/// The media types of the DICOMweb RESTful services (PS3.18 8.7) and the Accept and Content-Type values built from
/// them. A multipart Accept names the part type in its <c>type</c> parameter and may ask for a transfer syntax with
/// <c>transfer-syntax</c> (PS3.18 8.7.3.5.2); <c>*</c> asks for the stored encoding, no parameter for the default
/// (Explicit VR Little Endian for DICOM and uncompressed bulk data, PS3.18 8.7.3.5.2 and 8.7.3.3.2).
/// </summary>
public static class DicomWebMediaTypes
{
    /// <summary>PS3.18 8.7.3.1: a Part 10 instance.</summary>
    public const string Dicom = "application/dicom";

    /// <summary>PS3.18 8.7.3.2 / F.2: the DICOM JSON Model.</summary>
    public const string DicomJson = "application/dicom+json";

    /// <summary>PS3.18 8.7.3.3: uncompressed bulk data and frames.</summary>
    public const string OctetStream = "application/octet-stream";

    /// <summary>PS3.18 8.7.1: multipart payloads of the RESTful services.</summary>
    public const string MultipartRelated = "multipart/related";

    /// <summary>The transfer-syntax parameter value asking for the encoding the origin server holds (PS3.18 8.7.3.5.2).</summary>
    public const string AnyTransferSyntax = "*";

    /// <summary>
    /// <c>multipart/related; type="{partType}"</c>, with <c>; transfer-syntax={uid}</c> when one is given
    /// (PS3.18 8.7.4, Table 8.7.3-5 for the pairs a server must or may support).
    /// </summary>
    public static string MultipartAccept(string partType, string? transferSyntax = null) =>
        transferSyntax is null
            ? $"{MultipartRelated}; type=\"{partType}\""
            : $"{MultipartRelated}; type=\"{partType}\"; transfer-syntax={transferSyntax}";

    /// <summary>The Content-Type of a STOW-RS request carrying Part 10 instances (PS3.18 10.5.1.2).</summary>
    public static string MultipartContentType(string partType, string boundary) =>
        $"{MultipartRelated}; type=\"{partType}\"; boundary={boundary}";

    /// <summary>A media type parameter's value, unquoted, or null when it is absent.</summary>
    public static string? GetParameter(MediaTypeHeaderValue mediaType, string name)
    {
        ArgumentNullException.ThrowIfNull(mediaType);
        var parameter = mediaType.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        var value = parameter?.Value;
        if (value is { Length: >= 2 } && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        }
        return value;
    }
}
