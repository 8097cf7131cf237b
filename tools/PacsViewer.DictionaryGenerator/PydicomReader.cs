using System.Text;
using System.Text.RegularExpressions;

namespace PacsViewer.DictionaryGenerator;

/// <summary>
/// Reads the PS3.6 tables that Debian's python3-pydicom ships as Python literals: attribute names
/// (_dicom_dict.py, which dcmtk's dictionary lacks) and the Annex A UID registry (_uid_dict.py). Only the data is
/// used; both files are generated from PS3.6 itself.
/// </summary>
internal static partial class PydicomReader
{
    // 0x00100010: ('PN', '1', "Patient's Name", '', 'PatientName'),  # noqa    or    '60xx3000': (...)
    [GeneratedRegex(@"^\s*(?:0x(?<tag>[0-9A-Fa-f]{8})|'(?<tag>[0-9A-Fa-fxX]{8})'):\s*\((?<tuple>.*)\),")]
    private static partial Regex TagRow();

    // '1.2.840.10008.1.2': ('Implicit VR Little Endian', 'Transfer Syntax', '...', '', 'ImplicitVRLittleEndian'),
    [GeneratedRegex(@"^\s*'(?<uid>[0-9.]+)':\s*\((?<tuple>.*)\),")]
    private static partial Regex UidRow();

    [GeneratedRegex(@"'(?:[^'\\]|\\.)*'|""(?:[^""\\]|\\.)*""")]
    private static partial Regex PythonString();

    /// <summary>Keyword and name per tag key: eight upper-case hex digits, "x" for a repeating digit ("60xx3000").</summary>
    public static Dictionary<string, (string Keyword, string Name)> ReadTagNames(string path)
    {
        var names = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var m = TagRow().Match(line);
            if (!m.Success)
            {
                continue;
            }
            var f = Strings(m.Groups["tuple"].Value);
            if (f.Count != 5)
            {
                throw new FormatException($"{path}: unexpected row '{line}'.");
            }
            names[TagKey(m.Groups["tag"].Value)] = (f[4], f[2]);
        }
        return names;
    }

    public static string TagKey(string eightChars) => eightChars.ToUpperInvariant().Replace('X', 'x');

    public static List<UidEntry> ReadUids(string path, ICollection<string> notes)
    {
        var uids = new List<UidEntry>();
        foreach (var line in File.ReadLines(path))
        {
            var m = UidRow().Match(line);
            if (!m.Success)
            {
                continue;
            }
            var f = Strings(m.Groups["tuple"].Value);
            if (f.Count != 5)
            {
                throw new FormatException($"{path}: unexpected row '{line}'.");
            }
            var type = MapType(f[1]);
            if (type == "Other")
            {
                notes.Add($"UID type '{f[1]}' of {m.Groups["uid"].Value} mapped to Other");
            }
            uids.Add(new UidEntry(m.Groups["uid"].Value, f[0], f[4], type, f[3].Length > 0));
        }
        return uids;
    }

    /// <summary>PS3.6 Table A-1 "UID Type" to a DicomUidType member.</summary>
    private static string MapType(string type) => type.ToUpperInvariant() switch
    {
        "TRANSFER SYNTAX" => "TransferSyntax",
        "SOP CLASS" => "SopClass",
        "META SOP CLASS" => "MetaSopClass",
        "WELL-KNOWN SOP INSTANCE" or "WELL-KNOWN PRINTER SOP INSTANCE" or "WELL-KNOWN PRINT QUEUE SOP INSTANCE" => "WellKnownSopInstance",
        "WELL-KNOWN FRAME OF REFERENCE" => "WellKnownFrameOfReference",
        "CODING SCHEME" or "DICOM UIDS AS A CODING SCHEME" => "CodingScheme",
        "APPLICATION CONTEXT NAME" => "ApplicationContextName",
        "SERVICE CLASS" => "ServiceClass",
        "LDAP OID" => "LdapOid",
        "SYNCHRONIZATION FRAME OF REFERENCE" => "SynchronizationFrameOfReference",
        "APPLICATION HOSTING MODEL" => "ApplicationHostingModel",
        "MAPPING RESOURCE" => "MappingResource",
        _ => "Other",
    };

    private static List<string> Strings(string tuple) =>
        PythonString().Matches(tuple).Select(m => Unescape(m.Value[1..^1])).ToList();

    private static string Unescape(string s)
    {
        if (!s.Contains('\\', StringComparison.Ordinal))
        {
            return s;
        }
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
            }
            sb.Append(s[i]);
        }
        return sb.ToString();
    }
}
