using System.Collections.Frozen;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

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

    private static DicomDictionaryEntry[] ParsePublic(string data)
    {
        var entries = new List<DicomDictionaryEntry>(6000);
        foreach (var line in data.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // tag|mask|VR|alternate VR|VM|retired|keyword|name
            var f = line.Split('|');
            entries.Add(new DicomDictionaryEntry(
                new DicomTag(ParseHex(f[0])),
                f[1].Length == 0 ? DicomDictionaryEntry.ExactMask : ParseHex(f[1]),
                ParseVR(f[2]),
                ParseVR(f[3]),
                f[6],
                f[7],
                f[4],
                f[5] == "R"));
        }
        return [.. entries];
    }

    private static DicomDictionaryEntry[] ParsePrivate(string data)
    {
        var entries = new List<DicomDictionaryEntry>(3000);
        foreach (var line in data.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // creator|tag|mask|VR|alternate VR|VM|keyword|name
            var f = line.Split('|');
            entries.Add(new DicomDictionaryEntry(
                new DicomTag(ParseHex(f[1])),
                ParseHex(f[2]),
                ParseVR(f[3]),
                ParseVR(f[4]),
                f[6],
                f[7],
                f[5],
                Retired: false,
                PrivateCreator: f[0]));
        }
        return [.. entries];
    }

    private static uint ParseHex(string s) => uint.Parse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static DicomVR ParseVR(string code) => code.Length == 0 ? DicomVR.None
        : DicomVRInfo.TryParse(code, out var vr) ? vr
        : throw new InvalidOperationException($"Generated dictionary holds an unknown VR '{code}'.");

    /// <summary>Built on first use; the CLR runs a type initializer once, so this is thread-safe.</summary>
    private static class Tables
    {
        public static readonly DicomDictionaryEntry[] Public = ParsePublic(PublicData);

        public static readonly ReadOnlyCollection<DicomDictionaryEntry> PublicView = Array.AsReadOnly(Public);

        public static readonly FrozenDictionary<uint, DicomDictionaryEntry> Exact =
            Public.Where(e => e.Mask == DicomDictionaryEntry.ExactMask).ToFrozenDictionary(e => e.Tag.Value);

        public static readonly DicomDictionaryEntry[] Repeating =
            Public.Where(e => e.Mask != DicomDictionaryEntry.ExactMask).ToArray();

        public static readonly FrozenDictionary<string, DicomDictionaryEntry> ByKeyword =
            Public.ToFrozenDictionary(e => e.Keyword, StringComparer.Ordinal);

        public static readonly DicomDictionaryEntry[] Private = ParsePrivate(PrivateData);

        public static readonly ReadOnlyCollection<DicomDictionaryEntry> PrivateView = Array.AsReadOnly(Private);

        public static readonly FrozenDictionary<(string Creator, uint Tag), DicomDictionaryEntry> PrivateExact =
            Private.Where(e => e.Mask == PrivateMask).ToFrozenDictionary(e => (e.PrivateCreator!, e.Tag.Value));

        public static readonly DicomDictionaryEntry[] PrivateRepeating =
            Private.Where(e => e.Mask != PrivateMask).ToArray();
    }
}
