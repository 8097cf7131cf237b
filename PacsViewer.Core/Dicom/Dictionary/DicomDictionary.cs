using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace PacsViewer.Core.Dicom.Dictionary;

/// <summary>
/// The data dictionary of PS3.6 (public tags) and of known private creators, built once from the generated
/// tables in <c>DicomDictionary.Generated.cs</c> and <c>DicomDictionary.Private.Generated.cs</c>. Every table is
/// immutable, so lookups are thread-safe.
/// </summary>
public static partial class DicomDictionary
{
    private const string UnknownTagName = "Unknown Tag";
    private const string PrivateTagName = "Private Tag";

    /// <summary>Every public entry, exact and repeating, in tag order.</summary>
    public static IReadOnlyList<DicomDictionaryEntry> PublicEntries => Tables.PublicView;

    /// <summary>Every private entry, ordered by creator, group and element.</summary>
    public static IReadOnlyList<DicomDictionaryEntry> PrivateEntries => Tables.PrivateView;

    /// <summary>
    /// Looks up a public tag: an exact entry first, then repeating groups and element ranges (PS3.5 7.6).
    /// Masked entries never match a private (odd) group.
    /// </summary>
    public static bool TryGet(DicomTag tag, [MaybeNullWhen(false)] out DicomDictionaryEntry entry)
    {
        if (Tables.Exact.TryGetValue(tag.Value, out entry))
        {
            return true;
        }
        if (!tag.IsPrivate)
        {
            foreach (var candidate in Tables.Repeating)
            {
                if (candidate.Matches(tag))
                {
                    entry = candidate;
                    return true;
                }
            }
        }
        entry = null;
        return false;
    }

    /// <summary>
    /// Looks up a private data element of <paramref name="creator"/>. PS3.5 7.8.1: the creator reserved block
    /// xx with (gggg,00xx), and its elements are (gggg,xxee); entries match on the group and on the low byte ee.
    /// </summary>
    public static bool TryGetPrivate(string creator, DicomTag tag, [MaybeNullWhen(false)] out DicomDictionaryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(creator);
        entry = null;
        if (!tag.IsPrivate || tag.IsPrivateCreator || tag.IsGroupLength)
        {
            return false;
        }
        // PS3.5 6.2: LO values are padded with trailing spaces; some writers pad with NUL.
        var trimmed = creator.TrimEnd(' ', '\0');
        if (Tables.PrivateExact.TryGetValue((trimmed, tag.Value & PrivateMask), out entry))
        {
            return true;
        }
        foreach (var candidate in Tables.PrivateRepeating)
        {
            if (candidate.Matches(tag) && string.Equals(candidate.PrivateCreator, trimmed, StringComparison.Ordinal))
            {
                entry = candidate;
                return true;
            }
        }
        entry = null;
        return false;
    }

    /// <summary>Finds a public entry by its PS3.6 keyword (case-sensitive), e.g. "PatientName".</summary>
    public static bool TryGetByKeyword(string keyword, [MaybeNullWhen(false)] out DicomDictionaryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        return Tables.ByKeyword.TryGetValue(keyword, out entry);
    }

    /// <summary>
    /// The VR to read an implicit VR element with (PS3.5 A.1): UL for group lengths (PS3.5 7.2), LO for private
    /// creators (PS3.5 7.8.1), the primary VR of a known tag (US for "US or SS", OB for "OB or OW"), UN for
    /// anything unknown. Items and delimiters (FFFE,E000/E00D/E0DD) have no VR and give <see cref="DicomVR.None"/>
    /// (PS3.5 7.5).
    /// </summary>
    public static DicomVR GetDefaultVR(DicomTag tag) => GetDefaultVR(tag, privateCreator: null);

    /// <summary>As <see cref="GetDefaultVR(DicomTag)"/>, also looking up a private tag under its creator.</summary>
    public static DicomVR GetDefaultVR(DicomTag tag, string? privateCreator)
    {
        if (tag.IsGroupLength)
        {
            return DicomVR.UL;
        }
        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO;
        }
        if (tag.IsPrivate)
        {
            return privateCreator is not null && TryGetPrivate(privateCreator, tag, out var privateEntry)
                && privateEntry.VR != DicomVR.None ? privateEntry.VR : DicomVR.UN;
        }
        return TryGet(tag, out var entry) ? entry.VR : DicomVR.UN;
    }

    /// <summary>The attribute name, or "Group Length", "Private Creator", "Private Tag" or "Unknown Tag".</summary>
    public static string GetName(DicomTag tag)
    {
        if (TryGet(tag, out var entry))
        {
            return entry.Name;
        }
        if (tag.IsGroupLength)
        {
            return "Group Length";
        }
        if (tag.IsPrivateCreator)
        {
            return "Private Creator";
        }
        return tag.IsPrivate ? PrivateTagName : UnknownTagName;
    }

    // Keeps the group and the low byte of the element (PS3.5 7.8.1).
    private const uint PrivateMask = 0xFFFF00FF;

    // The tables are parsed over spans: only the strings an entry keeps are allocated (start-up cost).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once over ~5,000 lines: skip tier-0 code
    private static DicomDictionaryEntry[] ParsePublic(string data)
    {
        var entries = new List<DicomDictionaryEntry>(6000);
        foreach (var line in data.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty)
            {
                continue;
            }
            // tag|mask|VR|alternate VR|VM|retired|keyword|name
            var f = new Fields(line);
            var tag = ParseHex(f.Next());
            var mask = f.Next();
            var vr = ParseVR(f.Next());
            var alternate = ParseVR(f.Next());
            var vm = f.Next().ToString();
            var retired = f.Next() is "R";
            var keyword = f.Next().ToString();
            var name = f.Rest().ToString();
            entries.Add(new DicomDictionaryEntry(new DicomTag(tag), mask.IsEmpty ? DicomDictionaryEntry.ExactMask : ParseHex(mask),
                vr, alternate, keyword, name, vm, retired));
        }
        return [.. entries];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static DicomDictionaryEntry[] ParsePrivate(string data)
    {
        var entries = new List<DicomDictionaryEntry>(3000);
        string? creator = null;
        foreach (var line in data.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty)
            {
                continue;
            }
            // creator|tag|mask|VR|alternate VR|VM|keyword|name
            var f = new Fields(line);
            var c = f.Next();
            creator = creator is not null && c.SequenceEqual(creator) ? creator : c.ToString(); // share repeated creators
            var tag = ParseHex(f.Next());
            var mask = ParseHex(f.Next());
            var vr = ParseVR(f.Next());
            var alternate = ParseVR(f.Next());
            var vm = f.Next().ToString();
            var keyword = f.Next().ToString();
            var name = f.Rest().ToString();
            entries.Add(new DicomDictionaryEntry(new DicomTag(tag), mask, vr, alternate, keyword, name, vm, Retired: false, PrivateCreator: creator));
        }
        return [.. entries];
    }

    // Hand-written: the first culture-aware number parse in a process pays for globalization start-up.
    private static uint ParseHex(ReadOnlySpan<char> s)
    {
        uint value = 0;
        foreach (var c in s)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'A' and <= 'F' => c - 'A' + 10,
                >= 'a' and <= 'f' => c - 'a' + 10,
                _ => throw new InvalidOperationException($"Generated dictionary holds a bad hex digit '{c}'."),
            };
            value = (value << 4) | (uint)digit;
        }
        return value;
    }

    private static DicomVR ParseVR(ReadOnlySpan<char> code) => code.IsEmpty ? DicomVR.None
        : code.Length == 2 && DicomVRInfo.TryFromBytes((byte)code[0], (byte)code[1], out var vr) ? vr
        : throw new InvalidOperationException($"Generated dictionary holds an unknown VR '{code}'.");

    /// <summary>Walks the '|'-separated fields of one generated line.</summary>
    private ref struct Fields(ReadOnlySpan<char> line)
    {
        private ReadOnlySpan<char> _rest = line;

        public ReadOnlySpan<char> Next()
        {
            var bar = _rest.IndexOf('|');
            if (bar < 0)
            {
                throw new InvalidOperationException("Generated dictionary line has too few fields.");
            }
            var field = _rest[..bar];
            _rest = _rest[(bar + 1)..];
            return field;
        }

        public readonly ReadOnlySpan<char> Rest() => _rest;
    }

    // Each table is built on first use by its own type initializer (run once by the CLR, so thread-safe):
    // reading a file needs only the exact public table, not keywords or private creators. Plain dictionaries
    // build several times faster than frozen ones, which matters at start-up more than the lookup difference.
    private static class Tables
    {
        public static readonly DicomDictionaryEntry[] Public = ParsePublic(PublicData);

        public static readonly Dictionary<uint, DicomDictionaryEntry> Exact =
            Public.Where(e => e.Mask == DicomDictionaryEntry.ExactMask).ToDictionary(e => e.Tag.Value);

        public static readonly DicomDictionaryEntry[] Repeating =
            Public.Where(e => e.Mask != DicomDictionaryEntry.ExactMask).ToArray();

        public static ReadOnlyCollection<DicomDictionaryEntry> PublicView => Array.AsReadOnly(Public);

        public static Dictionary<string, DicomDictionaryEntry> ByKeyword => KeywordTable.ByKeyword;

        public static ReadOnlyCollection<DicomDictionaryEntry> PrivateView => Array.AsReadOnly(PrivateTables.Private);

        public static Dictionary<(string Creator, uint Tag), DicomDictionaryEntry> PrivateExact => PrivateTables.PrivateExact;

        public static DicomDictionaryEntry[] PrivateRepeating => PrivateTables.PrivateRepeating;
    }

    private static class KeywordTable
    {
        public static readonly Dictionary<string, DicomDictionaryEntry> ByKeyword =
            Tables.Public.ToDictionary(e => e.Keyword, StringComparer.Ordinal);
    }

    private static class PrivateTables
    {
        public static readonly DicomDictionaryEntry[] Private = ParsePrivate(PrivateData);

        public static readonly Dictionary<(string Creator, uint Tag), DicomDictionaryEntry> PrivateExact =
            Private.Where(e => e.Mask == PrivateMask).ToDictionary(e => (e.PrivateCreator!, e.Tag.Value));

        public static readonly DicomDictionaryEntry[] PrivateRepeating =
            Private.Where(e => e.Mask != PrivateMask).ToArray();
    }
}
