using System.Buffers.Binary;
using System.Text;
using PacsViewer.Core.Dicom.CharacterSets;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Dicom;

/// <summary>
/// Collects changes and makes a new immutable <see cref="DicomDataset"/>. Text is encoded with the
/// Specific Character Set in force when the value is set, so set (0008,0005) first when it changes.
/// </summary>
public sealed class DicomDatasetBuilder
{
    private readonly SortedDictionary<uint, DicomElement> _elements = [];
    private readonly DicomCharacterSet? _inherited;

    public DicomDatasetBuilder(DicomCharacterSet? inheritedCharacterSet = null)
    {
        _inherited = inheritedCharacterSet;
    }

    public DicomDatasetBuilder(DicomDataset source) : this(source.CharacterSet)
    {
        foreach (var e in source)
        {
            _elements[e.Tag.Value] = e;
        }
    }

    public int Count => _elements.Count;

    public bool Contains(DicomTag tag) => _elements.ContainsKey(tag.Value);

    public DicomDatasetBuilder Add(DicomElement element)
    {
        _elements[element.Tag.Value] = element;
        return this;
    }

    public DicomDatasetBuilder Remove(DicomTag tag)
    {
        _elements.Remove(tag.Value);
        return this;
    }

    /// <summary>Removes every element matching <paramref name="predicate"/>, e.g. all private tags.</summary>
    public DicomDatasetBuilder RemoveWhere(Func<DicomElement, bool> predicate)
    {
        foreach (var key in _elements.Where(kv => predicate(kv.Value)).Select(kv => kv.Key).ToArray())
        {
            _elements.Remove(key);
        }
        return this;
    }

    /// <summary>Sets a text value with the VR from the data dictionary.</summary>
    public DicomDatasetBuilder Set(DicomTag tag, params string[] values) => Set(tag, DicomDictionary.GetDefaultVR(tag), values);

    /// <summary>Sets a text value (several values are joined with '\'), padded to even length (PS3.5 7.1.1).</summary>
    public DicomDatasetBuilder Set(DicomTag tag, DicomVR vr, params string[] values)
    {
        if (!vr.IsString())
        {
            throw new ArgumentException($"{tag} has VR {vr.Code()}, which is not a text VR; use the typed setters.", nameof(vr));
        }
        var text = string.Join('\\', values);
        var bytes = vr.UsesSpecificCharacterSet() ? CurrentCharacterSet().Encode(text, vr) : Encoding.Latin1.GetBytes(text);
        return Add(new DicomValueElement(tag, vr, Pad(bytes, vr)));
    }

    public DicomDatasetBuilder SetUInt16(DicomTag tag, params ushort[] values) => SetBinary(tag, DicomVR.US, values, 2,
        static (s, v) => BinaryPrimitives.WriteUInt16LittleEndian(s, v));

    public DicomDatasetBuilder SetInt16(DicomTag tag, params short[] values) => SetBinary(tag, DicomVR.SS, values, 2,
        static (s, v) => BinaryPrimitives.WriteInt16LittleEndian(s, v));

    public DicomDatasetBuilder SetUInt32(DicomTag tag, params uint[] values) => SetBinary(tag, DicomVR.UL, values, 4,
        static (s, v) => BinaryPrimitives.WriteUInt32LittleEndian(s, v));

    public DicomDatasetBuilder SetInt32(DicomTag tag, params int[] values) => SetBinary(tag, DicomVR.SL, values, 4,
        static (s, v) => BinaryPrimitives.WriteInt32LittleEndian(s, v));

    public DicomDatasetBuilder SetFloat(DicomTag tag, params float[] values) => SetBinary(tag, DicomVR.FL, values, 4,
        static (s, v) => BinaryPrimitives.WriteSingleLittleEndian(s, v));

    public DicomDatasetBuilder SetDouble(DicomTag tag, params double[] values) => SetBinary(tag, DicomVR.FD, values, 8,
        static (s, v) => BinaryPrimitives.WriteDoubleLittleEndian(s, v));

    public DicomDatasetBuilder SetTags(DicomTag tag, params DicomTag[] values) => SetBinary(tag, DicomVR.AT, values, 4,
        static (s, v) =>
        {
            BinaryPrimitives.WriteUInt16LittleEndian(s, v.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(s[2..], v.Element);
        });

    /// <summary>Sets raw bytes (OB, OW, UN...); odd lengths are padded as PS3.5 7.1.1 requires.</summary>
    public DicomDatasetBuilder SetBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes) =>
        Add(new DicomValueElement(tag, vr, bytes.Length % 2 == 0 ? bytes : Pad(bytes.ToArray(), vr)));

    public DicomDatasetBuilder SetSequence(DicomTag tag, params DicomDataset[] items) => Add(new DicomSequence(tag, items));

    public DicomDataset ToDataset() => new(_elements.Values, _inherited);

    private DicomCharacterSet CurrentCharacterSet()
    {
        if (_elements.TryGetValue(DicomTags.SpecificCharacterSet.Value, out var scs))
        {
            return new DicomDataset([scs]).CharacterSet;
        }
        return _inherited ?? DicomCharacterSet.Default;
    }

    private DicomDatasetBuilder SetBinary<T>(DicomTag tag, DicomVR vr, T[] values, int size, SpanAction<T> write)
    {
        var bytes = new byte[values.Length * size];
        for (var i = 0; i < values.Length; i++)
        {
            write(bytes.AsSpan(i * size, size), values[i]);
        }
        return Add(new DicomValueElement(tag, vr, bytes));
    }

    private delegate void SpanAction<in T>(Span<byte> span, T value);

    private static byte[] Pad(byte[] bytes, DicomVR vr)
    {
        if (bytes.Length % 2 == 0)
        {
            return bytes;
        }
        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = vr.PaddingByte();
        return padded;
    }
}
