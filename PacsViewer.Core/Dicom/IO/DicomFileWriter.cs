using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Dicom.IO;

/// <summary>
/// Writes Part 10 files (PS3.10 7.1): zero preamble, "DICM", a File Meta Information group generated from the
/// dataset (PS3.10 7.1 Table 7.1-1), then the dataset in explicit VR little endian (PS3.5 A.2) or, for
/// encapsulated pixel data, in the encapsulated syntax it came in (PS3.5 A.4). Sequences and items are written
/// with undefined length; group length elements (retired, PS3.5 7.2) are left out of the dataset.
/// </summary>
public static class DicomFileWriter
{
    public static void Write(string path, DicomFile file, DicomWriterOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
        Write(stream, file, options, cancellationToken);
    }

    /// <summary>Writes a file read earlier, keeping its transfer syntax when its pixel data is encapsulated.</summary>
    public static void Write(Stream stream, DicomFile file, DicomWriterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= DicomWriterOptions.Default;
        var syntax = options.TransferSyntax ?? (file.TransferSyntax.IsEncapsulated ? file.TransferSyntax : DicomTransferSyntax.ExplicitVRLittleEndian);
        var sourceAe = options.SourceApplicationEntityTitle ?? file.FileMetaInformation.GetFirstString(DicomTags.SourceApplicationEntityTitle);
        Write(stream, file.Dataset, options with { TransferSyntax = syntax, SourceApplicationEntityTitle = sourceAe }, file.FileMetaInformation, cancellationToken);
    }

    public static void Write(Stream stream, DicomDataset dataset, DicomWriterOptions? options = null, CancellationToken cancellationToken = default) =>
        Write(stream, dataset, options, null, cancellationToken);

    private static void Write(Stream stream, DicomDataset dataset, DicomWriterOptions? options, DicomDataset? sourceMeta, CancellationToken cancellationToken)
    {
        options ??= DicomWriterOptions.Default;
        var syntax = options.TransferSyntax ?? DicomTransferSyntax.ExplicitVRLittleEndian;
        var encapsulated = dataset[DicomTags.PixelData] is DicomFragmentSequence;
        if (encapsulated != syntax.IsEncapsulated)
        {
            throw new ArgumentException(encapsulated
                ? $"the pixel data is encapsulated; it can only be written with its compressed transfer syntax, not {syntax.Name}"
                : $"the pixel data is native; {syntax.Name} needs encapsulated pixel data", nameof(options));
        }
        if (syntax.IsBigEndian || syntax.IsDeflated || !syntax.IsExplicitVR)
        {
            throw new ArgumentException($"writing {syntax.Name} is not supported; use explicit VR little endian", nameof(options));
        }
        using var writer = new DicomStreamWriter(stream, cancellationToken);
        writer.WriteRaw(new byte[128]);
        writer.WriteRaw("DICM"u8);
        var meta = CreateFileMeta(dataset, syntax, options.SourceApplicationEntityTitle, sourceMeta);
        foreach (var element in meta)
        {
            writer.WriteElement(element);
        }
        foreach (var element in dataset)
        {
            if (element.Tag.Group != 0x0002 && !element.Tag.IsGroupLength)
            {
                writer.WriteElement(element);
            }
        }
        writer.Flush();
    }

    /// <summary>
    /// Writes a bare dataset (no preamble, no File Meta Information) in implicit or explicit VR little endian, as
    /// a DIMSE message carries it (PS3.7 6.3; PS3.5 A.1, A.2, A.4). Group 0002 is left out, and so are group
    /// length elements other than the Command Group Length (0000,0000) that a command set needs (PS3.7 E.1).
    /// </summary>
    public static void WriteDataset(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax, CancellationToken cancellationToken = default)
    {
        var encapsulated = dataset[DicomTags.PixelData] is DicomFragmentSequence;
        if (encapsulated != syntax.IsEncapsulated)
        {
            throw new ArgumentException(encapsulated
                ? $"the pixel data is encapsulated; it can only be written with its compressed transfer syntax, not {syntax.Name}"
                : $"the pixel data is native; {syntax.Name} needs encapsulated pixel data", nameof(syntax));
        }
        if (syntax.IsBigEndian || syntax.IsDeflated)
        {
            throw new ArgumentException($"writing {syntax.Name} is not supported; use implicit or explicit VR little endian", nameof(syntax));
        }
        using var writer = new DicomStreamWriter(stream, cancellationToken, implicitVR: !syntax.IsExplicitVR);
        foreach (var element in dataset)
        {
            if (element.Tag.Group != 0x0002 && (!element.Tag.IsGroupLength || element.Tag.Group == 0x0000))
            {
                writer.WriteElement(element);
            }
        }
        writer.Flush();
    }

    /// <summary>Writes the preamble, "DICM" and a File Meta Information group (PS3.10 7.1), for a dataset streamed after it.</summary>
    public static void WriteFileMetaHeader(Stream stream, DicomDataset fileMetaInformation, CancellationToken cancellationToken = default)
    {
        using var writer = new DicomStreamWriter(stream, cancellationToken);
        writer.WriteRaw(new byte[128]);
        writer.WriteRaw("DICM"u8);
        foreach (var element in fileMetaInformation)
        {
            writer.WriteElement(element);
        }
        writer.Flush();
    }

    /// <summary>
    /// The File Meta Information for a dataset (PS3.10 7.1), with its group length. SOP Class and Instance
    /// come from the dataset, or from the source file's meta for objects that have none in the dataset (DICOMDIR).
    /// </summary>
    public static DicomDataset CreateFileMeta(DicomDataset dataset, DicomTransferSyntax syntax, string? sourceApplicationEntityTitle = null, DicomDataset? sourceMeta = null)
    {
        // Type 1 in PS3.10 Table 7.1-1, but an object that lacks them is written as it is, with the element
        // empty, rather than given an identity it never had.
        var sopClass = dataset.GetFirstString(DicomTags.SOPClassUID) ?? sourceMeta?.GetFirstString(DicomTags.MediaStorageSOPClassUID) ?? "";
        var sopInstance = dataset.GetFirstString(DicomTags.SOPInstanceUID) ?? sourceMeta?.GetFirstString(DicomTags.MediaStorageSOPInstanceUID) ?? "";
        var builder = new DicomDatasetBuilder()
            .SetBytes(DicomTags.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0x00, 0x01 })
            .Set(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, sopClass)
            .Set(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, sopInstance)
            .Set(DicomTags.TransferSyntaxUID, DicomVR.UI, syntax.Uid)
            .Set(DicomTags.ImplementationClassUID, DicomVR.UI, DicomImplementation.ClassUid)
            .Set(DicomTags.ImplementationVersionName, DicomVR.SH, DicomImplementation.VersionName);
        if (!string.IsNullOrEmpty(sourceApplicationEntityTitle))
        {
            builder.Set(DicomTags.SourceApplicationEntityTitle, DicomVR.AE, sourceApplicationEntityTitle);
        }
        var withoutLength = builder.ToDataset();
        builder.SetUInt32(DicomTags.FileMetaInformationGroupLength, (uint)withoutLength.EncodedLength);
        return builder.ToDataset();
    }

    /// <summary>
    /// Buffered explicit VR little endian element writer. Its 64 KB buffer is rented, not allocated: a DIMSE command or
    /// a File Meta header (a few hundred bytes each, two per received instance) used to cost a zeroed 64 KB array each.
    /// </summary>
    private sealed class DicomStreamWriter(Stream stream, CancellationToken cancellationToken, bool implicitVR = false) : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        private int _used;

        public void Dispose()
        {
            var buffer = _buffer;
            _buffer = [];
            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        public void WriteRaw(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length > _buffer.Length - _used)
            {
                Flush();
                if (bytes.Length > _buffer.Length)
                {
                    stream.Write(bytes);
                    return;
                }
            }
            bytes.CopyTo(_buffer.AsSpan(_used));
            _used += bytes.Length;
        }

        public void Flush()
        {
            stream.Write(_buffer, 0, _used);
            _used = 0;
        }

        public void WriteElement(DicomElement element)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (element)
            {
                case DicomSequence sequence:
                    WriteHeader(element.Tag, DicomVR.SQ, 0xFFFFFFFF);
                    foreach (var item in sequence.Items)
                    {
                        WriteItemHeader(DicomTag.Item, 0xFFFFFFFF);
                        foreach (var child in item)
                        {
                            if (!child.Tag.IsGroupLength)
                            {
                                WriteElement(child);
                            }
                        }
                        WriteItemHeader(DicomTag.ItemDelimitationItem, 0);
                    }
                    WriteItemHeader(DicomTag.SequenceDelimitationItem, 0);
                    break;
                case DicomFragmentSequence fragments:
                    // PS3.5 A.4: encapsulated Pixel Data is OB with undefined length.
                    WriteHeader(element.Tag, DicomVR.OB, 0xFFFFFFFF);
                    WriteItemHeader(DicomTag.Item, (uint)fragments.BasicOffsetTableBytes.Length);
                    WriteRaw(fragments.BasicOffsetTableBytes.Span);
                    foreach (var fragment in fragments.Fragments)
                    {
                        var padded = fragment.Length + (fragment.Length & 1);
                        WriteItemHeader(DicomTag.Item, (uint)padded);
                        WriteValue(fragment, padded, 0);
                    }
                    WriteItemHeader(DicomTag.SequenceDelimitationItem, 0);
                    break;
                case DicomValueElement value:
                    var vr = value.VR == DicomVR.None ? DicomVR.UN : value.VR;
                    var length = value.Length + (value.Length & 1); // PS3.5 7.1.1: even length
                    if (!vr.HasLongLength() && length > ushort.MaxValue)
                    {
                        vr = DicomVR.UN; // too long for a 16-bit length field: PS3.5 6.2.2 allows UN
                    }
                    if (length > uint.MaxValue - 1)
                    {
                        throw new ArgumentException($"{element.Tag}: a value of {length} bytes cannot be encoded");
                    }
                    WriteHeader(element.Tag, vr, (uint)length);
                    WriteValue(value.Value, length, vr.PaddingByte());
                    break;
            }
        }

        private void WriteValue(DicomValueSource source, long paddedLength, byte padding)
        {
            if (source.IsDeferred)
            {
                Flush();
                source.CopyTo(stream, cancellationToken);
            }
            else
            {
                WriteRaw(source.GetBytes().Span);
            }
            if (paddedLength > source.Length)
            {
                WriteRaw([padding]);
            }
        }

        private void WriteHeader(DicomTag tag, DicomVR vr, uint length)
        {
            if (implicitVR)
            {
                // PS3.5 7.1.3: tag and a 32-bit length, no VR.
                WriteItemHeader(tag, length);
                return;
            }
            Span<byte> header = stackalloc byte[12];
            BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
            header[4] = (byte)((ushort)vr >> 8);
            header[5] = (byte)vr;
            if (vr.HasLongLength())
            {
                header[6] = header[7] = 0;
                BinaryPrimitives.WriteUInt32LittleEndian(header[8..], length);
                WriteRaw(header);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)length);
                WriteRaw(header[..8]);
            }
        }

        private void WriteItemHeader(DicomTag tag, uint length)
        {
            Span<byte> header = stackalloc byte[8];
            BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], length);
            WriteRaw(header);
        }
    }

}
