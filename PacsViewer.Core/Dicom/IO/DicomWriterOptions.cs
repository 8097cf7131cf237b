namespace PacsViewer.Core.Dicom.IO;

/// <summary>How to write a Part 10 file.</summary>
public sealed record DicomWriterOptions
{
    public static readonly DicomWriterOptions Default = new();

    /// <summary>
    /// The transfer syntax for the dataset; null means explicit VR little endian, or the source syntax when the
    /// pixel data is encapsulated (fragments are written as they are, never transcoded here).
    /// </summary>
    public DicomTransferSyntax? TransferSyntax { get; init; }

    /// <summary>Source AE title recorded in the File Meta Information (0002,0016), if any.</summary>
    public string? SourceApplicationEntityTitle { get; init; }
}
