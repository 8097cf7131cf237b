using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Viewing;

/// <summary>What kind of object a SOP class is, for the viewer (PS3.4 B.5 lists the storage SOP classes).</summary>
public static class SopClassKinds
{
    /// <summary>Encapsulated PDF Storage (PS3.3 A.45.1).</summary>
    public const string EncapsulatedPdf = "1.2.840.10008.5.1.4.1.1.104.1";

    /// <summary>The structured report storage classes share this root (PS3.4 B.5: 1.2.840.10008.5.1.4.1.1.88.x).</summary>
    public const string StructuredReportRoot = "1.2.840.10008.5.1.4.1.1.88.";

    /// <summary>Storage classes without pixels to show although some carry Rows/Columns: presentation states, RT plans and structures, raw data, waveforms.</summary>
    private static readonly string[] NonImageRoots =
    [
        "1.2.840.10008.5.1.4.1.1.11.", // presentation states
        "1.2.840.10008.5.1.4.1.1.9.", // waveforms
        "1.2.840.10008.5.1.4.1.1.481.", // RT (dose is an image, see below)
        "1.2.840.10008.5.1.4.1.1.66", // raw data, spatial registration, segmentation-adjacent
        "1.2.840.10008.5.1.4.1.1.104.", // other encapsulated documents
    ];

    /// <summary>
    /// The kind of an instance: SR and PDF by SOP class; an image when it has rows, columns and a photometric
    /// interpretation and is not of a known non-image class; otherwise unsupported.
    /// </summary>
    public static SeriesKind Classify(string? sopClassUid, int rows, int columns, string? photometric)
    {
        var uid = sopClassUid ?? "";
        if (uid == EncapsulatedPdf)
        {
            return SeriesKind.Pdf;
        }
        if (uid.StartsWith(StructuredReportRoot, StringComparison.Ordinal))
        {
            return SeriesKind.Sr;
        }
        var rtDose = uid == "1.2.840.10008.5.1.4.1.1.481.2";
        if (!rtDose && NonImageRoots.Any(r => uid.StartsWith(r, StringComparison.Ordinal)))
        {
            return SeriesKind.Unsupported;
        }
        return rows > 0 && columns > 0 && !string.IsNullOrWhiteSpace(photometric) ? SeriesKind.Image : SeriesKind.Unsupported;
    }

    /// <summary>A line saying what the object is: the SOP class name, and for unsupported ones that it cannot be shown.</summary>
    public static string Describe(SeriesKind kind, string? sopClassUid)
    {
        var name = string.IsNullOrEmpty(sopClassUid) ? "object of unknown SOP class" : DicomUidRegistry.GetName(sopClassUid);
        return kind == SeriesKind.Unsupported ? $"{name}: the viewer cannot display this object" : name;
    }
}
