using System.Buffers.Binary;

namespace PacsViewer.Core.Dicom.IO.DicomDir;

/// <summary>
/// Finds where each item of the Directory Record Sequence (0004,1220) starts in the raw bytes of a DICOMDIR.
/// The record offsets (0004,1200), (0004,1400), (0004,1420) count bytes from the first byte of the file,
/// preamble and DICM prefix included (PS3.3 F.3.2.2, Table F.3-3 notes), and point at the item tag of a record.
/// The element reader does not keep positions, so this walks the encoding itself: element headers and lengths
/// only, every length checked against the data before it is followed.
/// </summary>
internal sealed class DirectoryRecordScanner
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private const int MaxDepth = 64;
    private static readonly DicomTag DirectoryRecordSequence = new(0x0004, 0x1220);

    private readonly byte[] _data;
    private readonly string _source;
    private readonly CancellationToken _cancellationToken;
    private int _position;

    private DirectoryRecordScanner(byte[] data, string source, CancellationToken cancellationToken)
    {
        _data = data;
        _source = source;
        _cancellationToken = cancellationToken;
    }

    /// <summary>One item of the Directory Record Sequence: where its item tag is and where its content lies.</summary>
    public readonly record struct RecordItem(int Offset, int ContentStart, int ContentLength);

    /// <summary>
    /// The items of the Directory Record Sequence in file order, and whether they are encoded with implicit VR
    /// (an implicit VR file, or a sequence written as UN, PS3.5 6.2.2).
    /// </summary>
    public static IReadOnlyList<RecordItem> Scan(byte[] data, DicomTransferSyntax syntax, string source, out bool itemsImplicit, CancellationToken cancellationToken)
    {
        var scanner = new DirectoryRecordScanner(data, source, cancellationToken);
        return scanner.ScanCore(!syntax.IsExplicitVR, syntax.IsBigEndian, out itemsImplicit);
    }

    private List<RecordItem> ScanCore(bool implicitVR, bool bigEndian, out bool itemsImplicit)
    {
        itemsImplicit = implicitVR;
        SkipFileMeta();
        // Top-level elements are in ascending tag order (PS3.5 7.1); stop once past (0004,1220).
        while (_position + 8 <= _data.Length)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var start = _position;
            var header = ReadHeader(implicitVR, bigEndian);
            if (header.Tag.Value > DirectoryRecordSequence.Value)
            {
                break;
            }
            if (header.Tag == DirectoryRecordSequence)
            {
                var asUN = !implicitVR && header.VR == DicomVR.UN;
                itemsImplicit = implicitVR || asUN;
                return ReadRecordItems(header.Length, itemsImplicit, bigEndian && !asUN, start);
            }
            SkipValue(header, implicitVR, bigEndian, 0, start);
        }
        return [];
    }

    /// <summary>PS3.10 7.1: 128-byte preamble and "DICM", then group 0002 in explicit VR little endian.</summary>
    private void SkipFileMeta()
    {
        if (_data.Length >= 132 && _data.AsSpan(128, 4).SequenceEqual("DICM"u8))
        {
            _position = 132;
        }
        else if (_data.Length >= 4 && _data.AsSpan(0, 4).SequenceEqual("DICM"u8))
        {
            _position = 4;
        }
        while (_position + 8 <= _data.Length && BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(_position)) == 0x0002)
        {
            var start = _position;
            var header = ReadHeader(implicitVR: false, bigEndian: false);
            if (header.Length == UndefinedLength)
            {
                throw Fail("undefined length in the File Meta Information", header.Tag, start);
            }
            Advance(header.Length, header.Tag, start);
        }
    }

    private List<RecordItem> ReadRecordItems(uint length, bool implicitVR, bool bigEndian, int sequenceStart)
    {
        long end = length == UndefinedLength ? -1 : (long)_position + length;
        if (end > _data.Length)
        {
            throw Fail($"declared Directory Record Sequence length {length} is beyond the end of the file", DirectoryRecordSequence, sequenceStart);
        }
        var items = new List<RecordItem>();
        while (end < 0 || _position < end)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var itemStart = _position;
            var (tag, itemLength) = ReadItemHeader(bigEndian);
            if (tag == DicomTag.SequenceDelimitationItem && end < 0)
            {
                return items;
            }
            if (tag != DicomTag.Item)
            {
                throw Fail($"expected an Item (FFFE,E000) in the Directory Record Sequence, found {tag}", DirectoryRecordSequence, itemStart);
            }
            var contentStart = _position;
            if (itemLength == UndefinedLength)
            {
                var contentEnd = SkipUntilItemDelimiter(implicitVR, bigEndian, 1);
                items.Add(new RecordItem(itemStart, contentStart, contentEnd - contentStart));
            }
            else
            {
                Advance(itemLength, DirectoryRecordSequence, itemStart);
                items.Add(new RecordItem(itemStart, contentStart, (int)itemLength));
            }
        }
        if (_position != end)
        {
            throw Fail($"an item runs {_position - end} bytes past the end of the Directory Record Sequence", DirectoryRecordSequence, sequenceStart);
        }
        return items;
    }

    /// <summary>Skips elements up to an Item Delimitation Item; returns the position of that delimiter.</summary>
    private int SkipUntilItemDelimiter(bool implicitVR, bool bigEndian, int depth)
    {
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var start = _position;
            if (_position + 8 > _data.Length)
            {
                throw Fail("the file ends inside an undefined-length item (no Item Delimitation Item)", null, start);
            }
            var group = ReadUInt16(_position, bigEndian);
            var element = ReadUInt16(_position + 2, bigEndian);
            if (group == 0xFFFE && element == 0xE00D)
            {
                _position += 8;
                return start;
            }
            var header = ReadHeader(implicitVR, bigEndian);
            SkipValue(header, implicitVR, bigEndian, depth, start);
        }
    }

    private void SkipValue(Header header, bool implicitVR, bool bigEndian, int depth, int start)
    {
        if (header.Length != UndefinedLength)
        {
            Advance(header.Length, header.Tag, start);
            return;
        }
        // PS3.5 7.5: undefined length only on SQ, on UN holding implicit VR LE items (6.2.2), on implicit VR
        // sequences, and on encapsulated pixel data (A.4, whose fragments are items of defined length).
        if (depth >= MaxDepth)
        {
            throw Fail($"sequences nested deeper than {MaxDepth} levels", header.Tag, start);
        }
        var asUN = !implicitVR && header.VR == DicomVR.UN;
        if (!implicitVR && header.VR is not (DicomVR.SQ or DicomVR.UN or DicomVR.OB or DicomVR.OW))
        {
            throw Fail($"undefined length on a {header.VR.Code()} element", header.Tag, start);
        }
        var itemImplicit = implicitVR || asUN;
        var itemBigEndian = bigEndian && !asUN;
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var itemStart = _position;
            var (tag, length) = ReadItemHeader(itemBigEndian);
            if (tag == DicomTag.SequenceDelimitationItem)
            {
                return;
            }
            if (tag != DicomTag.Item)
            {
                throw Fail($"expected an Item (FFFE,E000), found {tag}", header.Tag, itemStart);
            }
            if (length == UndefinedLength)
            {
                SkipUntilItemDelimiter(itemImplicit, itemBigEndian, depth + 1);
            }
            else
            {
                Advance(length, header.Tag, itemStart);
            }
        }
    }

    private readonly record struct Header(DicomTag Tag, DicomVR VR, uint Length);

    private Header ReadHeader(bool implicitVR, bool bigEndian)
    {
        var start = _position;
        if (_position + 8 > _data.Length)
        {
            throw Fail("truncated element header", null, start);
        }
        var tag = new DicomTag(ReadUInt16(_position, bigEndian), ReadUInt16(_position + 2, bigEndian));
        if (tag.Group == 0xFFFE)
        {
            throw Fail("an Item or delimiter where a data element was expected", tag, start);
        }
        if (implicitVR)
        {
            var length = ReadUInt32(_position + 4, bigEndian);
            _position += 8;
            return new Header(tag, DicomVR.None, length);
        }
        if (!DicomVRInfo.TryFromBytes(_data[_position + 4], _data[_position + 5], out var vr))
        {
            throw Fail("unknown VR", tag, start);
        }
        if (!vr.HasLongLength())
        {
            var length = ReadUInt16(_position + 6, bigEndian);
            _position += 8;
            return new Header(tag, vr, length);
        }
        if (_position + 12 > _data.Length)
        {
            throw Fail("truncated element header", tag, start);
        }
        var longLength = ReadUInt32(_position + 8, bigEndian);
        _position += 12;
        return new Header(tag, vr, longLength);
    }

    private (DicomTag Tag, uint Length) ReadItemHeader(bool bigEndian)
    {
        if (_position + 8 > _data.Length)
        {
            throw Fail("the file ends inside a sequence", DirectoryRecordSequence, _position);
        }
        var tag = new DicomTag(ReadUInt16(_position, bigEndian), ReadUInt16(_position + 2, bigEndian));
        var length = ReadUInt32(_position + 4, bigEndian);
        _position += 8;
        return (tag, length);
    }

    private void Advance(uint length, DicomTag? tag, int start)
    {
        if (length > _data.Length - _position)
        {
            throw Fail($"declared length {length} is beyond the end of the file ({_data.Length - _position} bytes left)", tag, start);
        }
        _position += (int)length;
    }

    private ushort ReadUInt16(int at, bool bigEndian) => bigEndian
        ? BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(at))
        : BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(at));

    private uint ReadUInt32(int at, bool bigEndian) => bigEndian
        ? BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(at))
        : BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(at));

    private DicomFormatException Fail(string problem, DicomTag? tag, long offset) => new(problem, offset, tag, _source);
}
