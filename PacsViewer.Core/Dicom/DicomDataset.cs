using System.Collections;
using PacsViewer.Core.Dicom.CharacterSets;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Dicom;

/// <summary>
/// An immutable set of data elements sorted by tag (PS3.5 7.1). Reading a value never changes the dataset,
/// and a dataset holds no open stream, so one instance can be shared across threads. Changes go through
/// <see cref="DicomDatasetBuilder"/>. Typed accessors are in DicomDataset.Values.cs.
/// </summary>
public sealed partial class DicomDataset : IReadOnlyCollection<DicomElement>
{
    private readonly DicomElement[] _elements;
    private long _encodedLength = -1;

    public static readonly DicomDataset Empty = new([], null);

    /// <param name="elements">Elements; sorted here, a later duplicate tag replaces an earlier one.</param>
    /// <param name="inheritedCharacterSet">For a sequence item: the character set of the enclosing dataset,
    /// used unless the item has its own Specific Character Set (PS3.5 7.5.3).</param>
    public DicomDataset(IEnumerable<DicomElement> elements, DicomCharacterSet? inheritedCharacterSet = null)
    {
        var list = elements.ToArray();
        if (!IsStrictlySorted(list))
        {
            // Stable sort, keep the last of duplicates.
            list = list.Select((e, i) => (e, i)).GroupBy(x => x.e.Tag.Value).Select(g => g.MaxBy(x => x.i).e)
                .OrderBy(e => e.Tag.Value).ToArray();
        }
        _elements = list;
        CharacterSet = TryGetElement(DicomTags.SpecificCharacterSet, out var scs) && scs is DicomValueElement v
            ? DicomCharacterSet.FromTerms(SplitTerms(v.GetBytes().Span))
            : inheritedCharacterSet ?? DicomCharacterSet.Default;
    }

    /// <summary>The character set used to decode SH, LO, UC, ST, LT, UT and PN values (PS3.5 6.1.2.3).</summary>
    public DicomCharacterSet CharacterSet { get; }

    public int Count => _elements.Length;

    public DicomElement? this[DicomTag tag] => TryGetElement(tag, out var e) ? e : null;

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    public bool TryGetElement(DicomTag tag, out DicomElement element)
    {
        var i = IndexOf(tag);
        element = i >= 0 ? _elements[i] : null!;
        return i >= 0;
    }

    /// <summary>Encoded length of the dataset as explicit VR little endian with defined lengths.</summary>
    public long EncodedLength
    {
        get
        {
            if (_encodedLength < 0)
            {
                long total = 0;
                foreach (var e in _elements)
                {
                    total += (e.VR.HasLongLength() || e.VR == DicomVR.None ? 12 : 8) + e.Length;
                }
                _encodedLength = total;
            }
            return _encodedLength;
        }
    }

    public DicomDatasetBuilder ToBuilder() => new(this);

    public IEnumerator<DicomElement> GetEnumerator() => ((IEnumerable<DicomElement>)_elements).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _elements.GetEnumerator();

    private int IndexOf(DicomTag tag)
    {
        int lo = 0, hi = _elements.Length - 1;
        var key = tag.Value;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var v = _elements[mid].Tag.Value;
            if (v == key)
            {
                return mid;
            }
            if (v < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return -1;
    }

    private static bool IsStrictlySorted(DicomElement[] list)
    {
        for (var i = 1; i < list.Length; i++)
        {
            if (list[i - 1].Tag.Value >= list[i].Tag.Value)
            {
                return false;
            }
        }
        return true;
    }

    private static string[] SplitTerms(ReadOnlySpan<byte> bytes)
    {
        // (0008,0005) is CS: default repertoire, multi-valued; the first value may be empty (PS3.3 C.12.1.1.2).
        var text = System.Text.Encoding.ASCII.GetString(bytes).TrimEnd(' ', '\0');
        return text.Split('\\').Select(t => t.Trim()).ToArray();
    }
}
