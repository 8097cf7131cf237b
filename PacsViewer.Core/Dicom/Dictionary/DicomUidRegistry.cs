using System.Collections.Frozen;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace PacsViewer.Core.Dicom.Dictionary;

/// <summary>
/// The UID registry of PS3.6 Annex A, built once from the generated table in
/// <c>DicomUidRegistry.Generated.cs</c>. Immutable and thread-safe.
/// </summary>
public static partial class DicomUidRegistry
{
    /// <summary>Every registered UID, in UID order.</summary>
    public static IEnumerable<DicomUid> All => Tables.AllView;

    /// <summary>Looks up a UID; trailing NUL or space padding (PS3.5 9.1) is ignored.</summary>
    public static bool TryGet(string uid, [MaybeNullWhen(false)] out DicomUid entry)
    {
        ArgumentNullException.ThrowIfNull(uid);
        return Tables.ByValue.TryGetValue(uid.TrimEnd('\0', ' '), out entry);
    }

    /// <summary>Finds a UID by its PS3.6 keyword (case-sensitive), e.g. "CTImageStorage".</summary>
    public static bool TryGetByKeyword(string keyword, [MaybeNullWhen(false)] out DicomUid entry)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        return Tables.ByKeyword.TryGetValue(keyword, out entry);
    }

    /// <summary>The registered name of a UID, or the UID itself when it is not in the registry.</summary>
    public static string GetName(string uid) => TryGet(uid, out var entry) ? entry.Name : uid;

    private static DicomUid[] Parse(string data)
    {
        var entries = new List<DicomUid>(512);
        foreach (var line in data.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // uid|type|retired|keyword|name
            var f = line.Split('|');
            entries.Add(new DicomUid(f[0], f[4], f[3], Enum.Parse<DicomUidType>(f[1]), f[2] == "R"));
        }
        return [.. entries];
    }

    private static class Tables
    {
        public static readonly DicomUid[] All = Parse(Data);

        public static readonly ReadOnlyCollection<DicomUid> AllView = Array.AsReadOnly(All);

        public static readonly FrozenDictionary<string, DicomUid> ByValue =
            All.ToFrozenDictionary(u => u.Value, StringComparer.Ordinal);

        public static readonly FrozenDictionary<string, DicomUid> ByKeyword =
            All.Where(u => u.Keyword.Length > 0).ToFrozenDictionary(u => u.Keyword, StringComparer.Ordinal);
    }
}
