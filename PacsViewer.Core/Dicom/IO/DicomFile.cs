using System.Runtime.InteropServices;
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

    /// <summary>Reads bytes already in memory (not copied when they are a whole or part of an array).</summary>
    public static DicomFile Read(ReadOnlyMemory<byte> bytes, DicomReaderOptions? options = null, string? sourceName = null, CancellationToken cancellationToken = default)
    {
        using var stream = MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
        return Read(stream, options, sourceName, cancellationToken);
    }

    /// <summary>
    /// Reads a bare dataset (no preamble, no File Meta Information) encoded in <paramref name="syntax"/>, as a
    /// DIMSE message carries it (PS3.7 6.3). Throws <see cref="DicomFormatException"/> for malformed data.
    /// </summary>
    public static DicomDataset ReadDataset(Stream stream, DicomTransferSyntax syntax, DicomReaderOptions? options = null, string? sourceName = null, CancellationToken cancellationToken = default) =>
        DicomFileReader.ReadBareDataset(stream, syntax, options ?? DicomReaderOptions.Default, sourceName, cancellationToken);

    /// <summary>
    /// Reads a stream that may arrive slowly (a network peer, an HTTP body): it is drained asynchronously into
    /// memory, growing only with the bytes that actually arrive (at most <paramref name="maxBytes"/>), then parsed.
    /// </summary>
    public static async Task<DicomFile> ReadAsync(Stream stream, DicomReaderOptions? options = null, string? sourceName = null,
        long maxBytes = 4L * 1024 * 1024 * 1024, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > maxBytes)
            {
                throw new DicomFormatException($"the object is larger than the limit of {maxBytes} bytes", buffer.Length, null, sourceName);
            }
            await buffer.WriteAsync(chunk.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        }
        buffer.Position = 0;
        return Read(buffer, options, sourceName, cancellationToken);
    }
}
