using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace PacsViewer.DictionaryGenerator;

/// <summary>
/// Reads dcmtk's tab-separated dictionaries (dicom.dic, private.dic): tag, VR, keyword, VM, origin.
/// Repeating groups are written (gggg-gggg,eeee), even groups only unless "-o-" (odd) or "-u-" (both) is given.
/// </summary>
internal static partial class DcmtkDictionaryReader
{
    private const string RetiredPrefix = "RETIRED_";

    [GeneratedRegex(@"^\((?<g1>[0-9A-Fa-f]{4})(?:-(?<gp>[ou])?-?(?<g2>[0-9A-Fa-f]{4}))?,(?<e1>[0-9A-Fa-f]{4})(?:-(?<ep>[ou])?-?(?<e2>[0-9A-Fa-f]{4}))?\)$")]
    private static partial Regex PublicTag();

    [GeneratedRegex(@"^\((?<g1>[0-9A-Fa-f]{4})(?:-(?<gp>[ou])?-?(?<g2>[0-9A-Fa-f]{4}))?,""(?<creator>[^""]*)"",(?<e>[0-9A-Fa-f]{2,4})\)$")]
    private static partial Regex PrivateTag();

    /// <summary>The public entries; dcmtk's generic rows for group lengths and private creators are left out.</summary>
    public static List<TagEntry> ReadPublic(string path)
    {
        var byKey = new Dictionary<(uint, uint), TagEntry>();
        foreach (var (lineNo, f) in Rows(path))
        {
            var origin = f[4];
            if (origin is "GENERIC" or "PRIVATE" or "ILLEGAL")
            {
                continue; // handled by rule in DicomDictionary.GetDefaultVR (PS3.5 7.2, 7.8.1)
            }
            var m = PublicTag().Match(f[0]);
            if (!m.Success)
            {
                throw new FormatException($"{path}:{lineNo}: cannot read tag '{f[0]}'.");
            }
            var (group, groupMask) = Range(m.Groups["g1"].Value, m.Groups["g2"].Value, m.Groups["gp"].Value, path, lineNo);
            // PS3.6 writes element ranges as (0020,31xx): every element, so no parity rule applies.
            var (element, elementMask) = Range(m.Groups["e1"].Value, m.Groups["e2"].Value, "u", path, lineNo);
            var (vr, alt) = VRMap.Map(f[1]);
            var keyword = f[2];
            var retired = origin.Contains("retired", StringComparison.OrdinalIgnoreCase) || keyword.StartsWith(RetiredPrefix, StringComparison.Ordinal);
            if (keyword.StartsWith(RetiredPrefix, StringComparison.Ordinal))
            {
                keyword = keyword[RetiredPrefix.Length..];
            }
            var entry = new TagEntry(((uint)group << 16) | element, ((uint)groupMask << 16) | elementMask, vr, alt, keyword, f[3], retired, null);
            byKey[(entry.Tag, entry.Mask)] = entry; // dcmtk: later rows override earlier ones
        }
        return [.. byKey.Values.OrderBy(e => e.Tag).ThenBy(e => e.Mask)];
    }

    /// <summary>Private entries keyed by creator, group (or odd group range) and the element's low byte.</summary>
    public static List<TagEntry> ReadPrivate(string path, out int overridden)
    {
        overridden = 0;
        var byKey = new Dictionary<(string, uint, uint), TagEntry>();
        foreach (var (lineNo, f) in Rows(path))
        {
            var m = PrivateTag().Match(f[0]);
            if (!m.Success)
            {
                throw new FormatException($"{path}:{lineNo}: cannot read private tag '{f[0]}'.");
            }
            var (group, groupMask) = Range(m.Groups["g1"].Value, m.Groups["g2"].Value, m.Groups["gp"].Value, path, lineNo);
            if ((group & 1) == 0)
            {
                throw new FormatException($"{path}:{lineNo}: private tag in even group {group:X4}.");
            }
            // PS3.5 7.8.1: only the low byte identifies the element within the creator's block.
            var low = (uint)(Hex(m.Groups["e"].Value) & 0xFF);
            var creator = m.Groups["creator"].Value;
            var (vr, alt) = VRMap.Map(f[1]);
            var entry = new TagEntry(((uint)group << 16) | low, ((uint)groupMask << 16) | 0x00FF, vr, alt, f[2], f[3], false, creator);
            if (byKey.ContainsKey((creator, entry.Tag, entry.Mask)))
            {
                overridden++;
            }
            byKey[(creator, entry.Tag, entry.Mask)] = entry;
        }
        return [.. byKey.Values.OrderBy(e => e.PrivateCreator, StringComparer.Ordinal).ThenBy(e => e.Tag).ThenBy(e => e.Mask)];
    }

    /// <summary>The edition line of the dictionary's header, e.g. "Generated automatically from DICOM PS 3.6-2022b ...".</summary>
    public static string Edition(string path) => File.ReadLines(path)
        .Select(l => l.TrimStart('#', ' '))
        .FirstOrDefault(l => l.StartsWith("Generated automatically from", StringComparison.Ordinal)) ?? "edition not stated";

    private static IEnumerable<(int LineNo, string[] Fields)> Rows(string path)
    {
        var lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var f = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (f.Length == 4)
            {
                f = [.. f, ""]; // private.dic has a row or two without the origin column
            }
            if (f.Length != 5)
            {
                throw new FormatException($"{path}:{lineNo}: expected 5 tab-separated fields, found {f.Length}.");
            }
            yield return (lineNo, f);
        }
    }

    /// <summary>
    /// Turns a range into a base value and a mask of the fixed bits. Parity "" means even values only,
    /// "o" odd only, "u" both. Fails for ranges that a mask cannot express exactly.
    /// </summary>
    private static (ushort Base, ushort Mask) Range(string first, string last, string parity, string path, int lineNo)
    {
        var lo = Hex(first);
        if (last.Length == 0)
        {
            return ((ushort)lo, 0xFFFF);
        }
        var hi = Hex(last);
        var diff = lo ^ hi;
        int count;
        if (parity == "u")
        {
            count = hi - lo + 1;
        }
        else
        {
            var wantOdd = parity == "o";
            if (((lo & 1) == 1) != wantOdd)
            {
                throw new FormatException($"{path}:{lineNo}: range start {lo:X4} has the wrong parity.");
            }
            diff &= ~1;
            count = ((hi - lo) / 2) + 1;
        }
        if ((lo & diff) != 0 || count != 1 << BitOperations.PopCount((uint)diff))
        {
            throw new FormatException($"{path}:{lineNo}: range {first}-{last} cannot be written as a mask.");
        }
        return ((ushort)lo, (ushort)~diff);
    }

    private static int Hex(string s) => int.Parse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
