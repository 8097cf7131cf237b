using System.Runtime.CompilerServices;
using PacsViewer.Core.Dicom.CharacterSets;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Dicom.IO;

/// <summary>The element grammar: data elements, sequences, items and encapsulated fragments (PS3.5 7.1-7.5, A.4).</summary>
internal sealed partial class DicomFileReader
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private const long UntilEndOfData = -1;
    private const long UntilItemDelimiter = -2;

    /// <summary>Encoding facts that hold for one nesting level.</summary>
    private readonly record struct LevelContext(bool Implicit, bool BigEndian, int Depth, string? DeferPath);

    /// <summary>What one level has learned while reading: private creators and the character set in force.</summary>
    private sealed class LevelState(DicomCharacterSet? charset)
    {
        public Dictionary<uint, string>? Creators;
        public DicomCharacterSet? Charset = charset;
    }

    private enum Marker { None, ItemDelimiter, SequenceDelimiter }

    /// <param name="owner">The sequence whose item this is (null at top level), named when the item itself is broken.</param>
    private List<DicomElement> ReadElements(LevelContext context, long end, bool topLevel, DicomTag? owner = null, DicomCharacterSet? inherited = null)
    {
        var elements = new List<DicomElement>();
        var state = new LevelState(inherited);
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            _currentTag = owner;
            _currentStart = _reader.Position;
            if (end >= 0 && _reader.Position >= end)
            {
                if (_reader.Position > end)
                {
                    throw Fail($"an element runs {_reader.Position - end} bytes past the end of its item", elements.LastOrDefault()?.Tag);
                }
                return elements;
            }
            if (!_reader.Ensure(8))
            {
                if (end == UntilEndOfData && _reader.Available == 0)
                {
                    return elements;
                }
                throw end switch
                {
                    UntilItemDelimiter => Fail("the data ends inside an undefined-length item (no Item Delimitation Item)", owner),
                    >= 0 => Fail($"the data ends {end - _reader.Position} bytes before the declared length of the item", owner),
                    _ => Fail($"truncated element header ({_reader.Available} bytes left)", null),
                };
            }
            var head = _reader.Peek(8);
            if (topLevel && !head.ContainsAnyExcept((byte)0))
            {
                var at = _reader.Position;
                if (_reader.RestIsZero())
                {
                    _warnings.Add($"{_reader.Position - at} bytes of zero padding after the dataset were ignored");
                    return elements;
                }
                throw Fail("zero bytes where a data element was expected", null, at);
            }
            if (topLevel && _options.StopBeforePixelData)
            {
                var g = context.BigEndian ? (head[0] << 8) | head[1] : head[0] | (head[1] << 8);
                var e = context.BigEndian ? (head[2] << 8) | head[3] : head[2] | (head[3] << 8);
                if (g == 0x7FE0 && e is 0x0008 or 0x0009 or 0x0010)
                {
                    _stoppedBeforePixelData = true;
                    return elements;
                }
            }
            var element = ReadElement(context, state, out var marker);
            if (marker == Marker.ItemDelimiter)
            {
                if (end == UntilItemDelimiter)
                {
                    return elements;
                }
                throw Fail("Item Delimitation Item outside an undefined-length item", DicomTag.ItemDelimitationItem, _reader.Position - 8);
            }
            if (marker == Marker.SequenceDelimiter && topLevel && elements.Count > 0 && elements[^1] is DicomFragmentSequence)
            {
                // A doubled delimiter right after encapsulated Pixel Data (written by some devices) carries no data.
                _warnings.Add($"stray Sequence Delimitation Item at offset {_reader.Position - 8} ignored");
                continue;
            }
            if (marker == Marker.SequenceDelimiter)
            {
                throw Fail("Sequence Delimitation Item where a data element was expected", DicomTag.SequenceDelimitationItem, _reader.Position - 8);
            }
            elements.Add(element!);
        }
    }

    private DicomElement? ReadElement(LevelContext context, LevelState? state, out Marker marker)
    {
        marker = Marker.None;
        var start = _reader.Position;
        if (!_reader.Ensure(8))
        {
            throw Fail("truncated element header", null);
        }
        var tag = new DicomTag(_reader.ReadUInt16(context.BigEndian), _reader.ReadUInt16(context.BigEndian));
        _currentTag = tag;
        _currentStart = start;
        if (tag.Group == 0xFFFE)
        {
            var delimiterLength = _reader.ReadUInt32(context.BigEndian);
            if (tag == DicomTag.ItemDelimitationItem || tag == DicomTag.SequenceDelimitationItem)
            {
                if (delimiterLength != 0)
                {
                    _warnings.Add($"{tag} at offset {start} has length {delimiterLength}, not 0");
                }
                marker = tag == DicomTag.ItemDelimitationItem ? Marker.ItemDelimiter : Marker.SequenceDelimiter;
                return null;
            }
            throw Fail("an Item where a data element was expected", tag, start);
        }

        var creator = tag.IsPrivate && !tag.IsPrivateCreator && state?.Creators is { } creators
            && creators.TryGetValue(((uint)tag.Group << 16) | (uint)(tag.Element >> 8), out var c) ? c : null;

        DicomVR vr;
        uint length;
        if (context.Implicit)
        {
            vr = ImplicitVR(tag, creator);
            length = _reader.ReadUInt32(false);
        }
        else
        {
            var vrBytes = _reader.Take(2);
            if (!DicomVRInfo.TryFromBytes(vrBytes[0], vrBytes[1], out vr))
            {
                throw Fail($"unknown VR {Printable(vrBytes)}", tag, start);
            }
            if (vr.HasLongLength())
            {
                _reader.Skip(2); // reserved (PS3.5 7.1.2)
                length = _reader.ReadUInt32(context.BigEndian);
            }
            else
            {
                length = _reader.ReadUInt16(context.BigEndian);
            }
        }

        if (length == UndefinedLength)
        {
            if (tag.Group == 0x7FE0 && tag.Element == 0x0010 && vr != DicomVR.SQ)
            {
                return ReadFragments(tag, DicomVR.OB, creator, start, context.DeferPath); // PS3.5 A.4: encapsulated is OB
            }
            // In implicit VR the VR comes from the dictionary: UN there means an unknown (e.g. private) tag.
            if (vr == DicomVR.SQ || vr == DicomVR.UN)
            {
                // PS3.5 6.2.2: UN with undefined length is a sequence encoded as implicit VR little endian.
                var itemContext = vr == DicomVR.UN && !context.Implicit ? context with { Implicit = true, BigEndian = false } : context;
                return ReadSequence(tag, itemContext, length, creator, state, start);
            }
            throw Fail($"undefined length on a {vr.Code()} element (only SQ, UN and encapsulated Pixel Data may have it)", tag, start);
        }
        if (vr == DicomVR.SQ)
        {
            return ReadSequence(tag, context, length, creator, state, start);
        }
        if (length > _reader.Remaining)
        {
            throw Fail($"declared length {length} is beyond the end of the data ({_reader.Remaining} bytes left)", tag, start);
        }
        if ((length & 1) != 0)
        {
            throw Fail($"odd value length {length} (PS3.5 7.1.1 requires even lengths)", tag, start);
        }
        var size = vr.ValueSize();
        if (size > 1 && length % size != 0)
        {
            throw Fail($"length {length} does not fit VR {vr.Code()} (values of {size} bytes)", tag, start);
        }

        DicomValueSource value;
        var swap = context.BigEndian ? vr.ByteSwapUnit() : 1;
        if (context.DeferPath is not null && _options.DeferValuesLargerThan > 0 && length >= _options.DeferValuesLargerThan)
        {
            value = new FileRangeValueSource(context.DeferPath, _reader.Position, length, swap);
            _reader.Skip(length);
        }
        else
        {
            if (length > Array.MaxLength)
            {
                // Only a stream of unknown length gets here; a file that really holds such a value needs DeferValuesLargerThan.
                throw Fail($"value of {length} bytes is too large to read into memory", tag, start);
            }
            var bytes = _reader.ReadBytes(length);
            ByteSwap.InPlace(bytes, swap);
            value = new MemoryValueSource(bytes);
            if (tag.IsPrivateCreator && state is not null)
            {
                state.Creators ??= [];
                state.Creators[((uint)tag.Group << 16) | tag.Element] = Ascii(bytes);
            }
            if (tag == DicomTags.SpecificCharacterSet && state is not null)
            {
                state.Charset = new DicomDataset([new DicomValueElement(tag, vr, bytes)]).CharacterSet;
            }
        }
        return new DicomValueElement(tag, vr, value, creator);
    }

    private static DicomVR ImplicitVR(DicomTag tag, string? creator)
    {
        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO; // PS3.5 7.8.1
        }
        if (creator is not null && DicomDictionary.TryGetPrivate(creator, tag, out var privateEntry))
        {
            return privateEntry.VR;
        }
        if (DicomDictionary.TryGet(tag, out var entry))
        {
            // PS3.5 A.1: in implicit VR little endian, OB-or-OW values (pixel, overlay data) are OW.
            return entry.VR == DicomVR.OB && entry.AlternateVR == DicomVR.OW ? DicomVR.OW : entry.VR;
        }
        return DicomDictionary.GetDefaultVR(tag);
    }

    private DicomSequence ReadSequence(DicomTag tag, LevelContext context, uint length, string? creator, LevelState? parent, long start)
    {
        var depth = context.Depth + 1;
        if (depth > _options.MaxSequenceDepth)
        {
            throw Fail($"sequences nested deeper than {_options.MaxSequenceDepth} levels", tag, start);
        }
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            // MaxSequenceDepth set beyond what this thread's stack can hold: fail instead of overflowing.
            throw Fail($"sequences nested too deeply for the stack at depth {depth}", tag, start);
        }
        if (length != UndefinedLength && length > _reader.Remaining)
        {
            throw Fail($"declared sequence length {length} is beyond the end of the data ({_reader.Remaining} bytes left)", tag, start);
        }
        var itemContext = context with { Depth = depth };
        var end = length == UndefinedLength ? UntilItemDelimiter : _reader.Position + length;
        var items = new List<DicomDataset>();
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (end >= 0 && _reader.Position >= end)
            {
                if (_reader.Position > end)
                {
                    throw Fail($"an item runs {_reader.Position - end} bytes past the end of its sequence", tag);
                }
                break;
            }
            _currentTag = tag;
            _currentStart = start;
            if (!_reader.Ensure(8))
            {
                throw end == UntilItemDelimiter
                    ? Fail("the data ends inside a sequence (no Sequence Delimitation Item)", tag)
                    : Fail($"the data ends {end - _reader.Position} bytes before the declared length of the sequence", tag);
            }
            var itemStart = _reader.Position;
            var itemTag = new DicomTag(_reader.ReadUInt16(context.BigEndian), _reader.ReadUInt16(context.BigEndian));
            var itemLength = _reader.ReadUInt32(context.BigEndian);
            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                if (end == UntilItemDelimiter)
                {
                    break;
                }
                throw Fail("Sequence Delimitation Item inside a defined-length sequence", tag, itemStart);
            }
            if (itemTag != DicomTag.Item)
            {
                throw Fail($"expected an Item (FFFE,E000) in the sequence, found {itemTag}", tag, itemStart);
            }
            if (itemLength != UndefinedLength && itemLength > _reader.Remaining)
            {
                throw Fail($"declared item length {itemLength} is beyond the end of the data ({_reader.Remaining} bytes left)", tag, itemStart);
            }
            var itemEnd = itemLength == UndefinedLength ? UntilItemDelimiter : _reader.Position + itemLength;
            var charset = parent?.Charset;
            var elements = ReadElements(itemContext, itemEnd, topLevel: false, tag, charset);
            items.Add(new DicomDataset(elements, charset));
        }
        return new DicomSequence(tag, items, creator);
    }

    /// <summary>PS3.5 A.4: a Basic Offset Table item, fragment items, then a Sequence Delimitation Item.</summary>
    private DicomFragmentSequence ReadFragments(DicomTag tag, DicomVR vr, string? creator, long start, string? deferPath)
    {
        byte[]? offsetTable = null;
        var fragments = new List<DicomValueSource>();
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (!_reader.Ensure(8))
            {
                throw Fail("encapsulated Pixel Data ends without a Sequence Delimitation Item", tag);
            }
            var itemStart = _reader.Position;
            _currentStart = itemStart;
            var itemTag = new DicomTag(_reader.ReadUInt16(false), _reader.ReadUInt16(false));
            var length = _reader.ReadUInt32(false);
            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                break;
            }
            if (itemTag != DicomTag.Item)
            {
                throw Fail($"expected a fragment Item (FFFE,E000) in encapsulated Pixel Data, found {itemTag}", tag, itemStart);
            }
            if (length == UndefinedLength || length > _reader.Remaining)
            {
                throw Fail($"fragment length {(length == UndefinedLength ? "undefined" : length)} is beyond the end of the data ({_reader.Remaining} bytes left)", tag, itemStart);
            }
            if (offsetTable is null)
            {
                if (length % 4 != 0)
                {
                    throw Fail($"Basic Offset Table length {length} is not a multiple of 4", tag, itemStart);
                }
                offsetTable = _reader.ReadBytes(length);
            }
            else if (deferPath is not null && _options.DeferValuesLargerThan > 0 && length >= _options.DeferValuesLargerThan)
            {
                fragments.Add(new FileRangeValueSource(deferPath, _reader.Position, length));
                _reader.Skip(length);
            }
            else
            {
                fragments.Add(new MemoryValueSource(_reader.ReadBytes(length)));
            }
        }
        if (offsetTable is null)
        {
            throw Fail("encapsulated Pixel Data has no Basic Offset Table item", tag, start);
        }
        return new DicomFragmentSequence(tag, vr, offsetTable, fragments, creator);
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = bytes[i] is >= 0x20 and < 0x7F ? (char)bytes[i] : '?';
        }
        return $"'{new string(chars)}' (0x{Convert.ToHexString(bytes)})";
    }
}
