using PacsViewer.Core.Dicom;

namespace PacsViewer.Core.Telemetry;

/// <summary>The family of a transfer syntax (PS3.5 10 and A.4), a tag value of few distinct values for metrics.</summary>
public static class TransferSyntaxFamily
{
    /// <summary>uncompressed, deflate, rle, jpeg, jpeg-ls, jpeg2000, htj2k, video or other.</summary>
    public static string Of(DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return syntax.Uid switch
        {
            "1.2.840.10008.1.2" or "1.2.840.10008.1.2.1" or "1.2.840.10008.1.2.2" or "1.2.840.10008.1.2.1.98" => "uncompressed",
            "1.2.840.10008.1.2.1.99" or "1.2.840.10008.1.2.8.1" => "deflate",
            "1.2.840.10008.1.2.5" => "rle",
            "1.2.840.10008.1.2.4.80" or "1.2.840.10008.1.2.4.81" => "jpeg-ls",
            "1.2.840.10008.1.2.4.90" or "1.2.840.10008.1.2.4.91" or "1.2.840.10008.1.2.4.92" or "1.2.840.10008.1.2.4.93" => "jpeg2000",
            "1.2.840.10008.1.2.4.201" or "1.2.840.10008.1.2.4.202" or "1.2.840.10008.1.2.4.203" => "htj2k",
            _ when syntax.Uid.StartsWith("1.2.840.10008.1.2.4.10", StringComparison.Ordinal) => "video", // MPEG-2/4, HEVC (4.100-4.108)
            _ when syntax.Uid.StartsWith("1.2.840.10008.1.2.4.", StringComparison.Ordinal) => "jpeg", // 4.50-4.70 JPEG processes
            _ => "other",
        };
    }
}
