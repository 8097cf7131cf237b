using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Dicom.IO;

/// <summary>
/// A DICOM Part 10 file (PS3.10 7.1): optional preamble, File Meta Information (group 0002) and the dataset.
/// </summary>
public sealed class DicomFile
{
    public DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset, DicomTransferSyntax transferSyntax,
        DicomFileLayout layout = DicomFileLayout.Part10, IReadOnlyList<string>? warnings = null, bool stoppedBeforePixelData = false)
    {
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
        Layout = layout;
        Warnings = warnings ?? [];
        StoppedBeforePixelData = stoppedBeforePixelData;
    }

    /// <summary>Group 0002, always explicit VR little endian (PS3.10 7.1). Empty when the file had none.</summary>
    public DicomDataset FileMetaInformation { get; }

    public DicomDataset Dataset { get; }

    /// <summary>The transfer syntax the dataset was encoded with.</summary>
    public DicomTransferSyntax TransferSyntax { get; }

    public DicomFileLayout Layout { get; }

    /// <summary>Things that were wrong but could be read past (e.g. trailing padding, a wrong meta group length).</summary>
    public IReadOnlyList<string> Warnings { get; }

    public bool StoppedBeforePixelData { get; }

    public string? SopClassUid => Dataset.GetFirstString(DicomTags.SOPClassUID) ?? FileMetaInformation.GetFirstString(DicomTags.MediaStorageSOPClassUID);

    public string? SopInstanceUid => Dataset.GetFirstString(DicomTags.SOPInstanceUID) ?? FileMetaInformation.GetFirstString(DicomTags.MediaStorageSOPInstanceUID);

    /// <summary>Reads a file. Throws <see cref="DicomFormatException"/> for anything that is not valid DICOM.</summary>
    public static DicomFile Open(string path, DicomReaderOptions? options = null, CancellationToken cancellationToken = default) =>
        DicomFileReader.ReadFile(path, options ?? DicomReaderOptions.Default, cancellationToken);

    /// <summary>Reads from a stream (read to its end; values are never deferred).</summary>
    public static DicomFile Read(Stream stream, DicomReaderOptions? options = null, string? sourceName = null, CancellationToken cancellationToken = default) =>
        DicomFileReader.ReadStream(stream, options ?? DicomReaderOptions.Default, sourceName, cancellationToken);

    /// <summary>Reads bytes already in memory.</summary>
    public static DicomFile Read(ReadOnlyMemory<byte> bytes, DicomReaderOptions? options = null, string? sourceName = null, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        return Read(stream, options, sourceName, cancellationToken);
    }
}
