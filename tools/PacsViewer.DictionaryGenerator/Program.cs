using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

using PacsViewer.DictionaryGenerator;

// Regenerates PacsViewer.Core/Dicom/Dictionary/*.Generated.cs from Debian-packaged, machine-readable PS3.6 data:
//   dcmtk's dicom.dic / private.dic (package libdcmtk17): tags, VRs, keywords, VMs, retired flags;
//   pydicom's _dicom_dict.py / _uid_dict.py (package python3-pydicom): attribute names and the UID registry.
// Usage: dotnet run --project tools/PacsViewer.DictionaryGenerator [-- --dcmtk DIR] [--pydicom DIR] [--out DIR] [--no-private]

var options = ParseArgs(args);
var dcmtkDir = options.GetValueOrDefault("--dcmtk", "/usr/share/libdcmtk17");
var pydicomDir = options.GetValueOrDefault("--pydicom", "/usr/lib/python3/dist-packages/pydicom");
var outDir = options.GetValueOrDefault("--out", Path.Combine(FindRepoRoot(), "PacsViewer.Core", "Dicom", "Dictionary"));
var withPrivate = !options.ContainsKey("--no-private");

var publicPath = Path.Combine(dcmtkDir, "dicom.dic");
var privatePath = Path.Combine(dcmtkDir, "private.dic");
var tagNamesPath = Path.Combine(pydicomDir, "_dicom_dict.py");
var uidPath = Path.Combine(pydicomDir, "_uid_dict.py");
foreach (var required in new[] { publicPath, tagNamesPath, uidPath })
{
    if (!File.Exists(required))
    {
        Console.Error.WriteLine($"Missing input {required}: apt-get install libdcmtk17 python3-pydicom");
        return 1;
    }
}

var notes = new List<string>();

// Public tags, named from PS3.6 where pydicom has the same keyword for the tag, else from the keyword.
var publicEntries = DcmtkDictionaryReader.ReadPublic(publicPath);
var names = PydicomReader.ReadTagNames(tagNamesPath);
var derived = 0;
foreach (var e in publicEntries)
{
    if (names.TryGetValue(TagKey(e.Tag, e.Mask), out var n) && n.Keyword == e.Keyword && n.Name.Length > 0)
    {
        e.Name = n.Name;
    }
    else
    {
        e.Name = NameFormatter.FromKeyword(e.Keyword);
        derived++;
    }
}
notes.Add($"{publicEntries.Count} public entries, {derived} named from their keyword");
Check(publicEntries.Select(e => e.Keyword), "public tag keyword");

var privateEntries = new List<TagEntry>();
if (withPrivate && File.Exists(privatePath))
{
    privateEntries = DcmtkDictionaryReader.ReadPrivate(privatePath, out var overridden);
    foreach (var e in privateEntries)
    {
        e.Name = NameFormatter.FromKeyword(e.Keyword);
    }
    notes.Add($"{privateEntries.Count} private entries ({overridden} duplicate rows overridden by later ones)");
}

var uids = PydicomReader.ReadUids(uidPath, notes);
// Newer registrations the packaged registry lacks, kept in the repo beside the generator.
var supplementPath = Path.Combine(AppContext.BaseDirectory, "uids-supplement.tsv");
foreach (var row in File.ReadLines(supplementPath).Where(l => l.Length > 0 && !l.StartsWith('#')))
{
    var f = row.Split('\t');
    if (uids.All(u => u.Value != f[0]))
    {
        uids.Add(new UidEntry(f[0], f[4], f[3], f[1], f[2] == "R"));
    }
}
uids.Sort((a, b) => CompareUids(a.Value, b.Value));
Check(uids.Where(u => u.Keyword.Length > 0).Select(u => u.Keyword), "UID keyword");
Check(uids.Select(u => u.Value), "UID");
notes.Add($"{uids.Count} UIDs, {uids.Count(u => u.Keyword.Length == 0)} without keyword");

var tagSources = new[]
{
    $"{publicPath} ({DcmtkDictionaryReader.Edition(publicPath)})",
    $"{tagNamesPath} (attribute names)",
};
Directory.CreateDirectory(outDir);
Write("DicomDictionary.Generated.cs", SourceWriter.PublicTable(SourceWriter.Header(tagSources), publicEntries));
Write("DicomDictionary.Private.Generated.cs", SourceWriter.PrivateTable(SourceWriter.Header([privatePath]), privateEntries));
Write("DicomTags.Generated.cs", SourceWriter.Tags(SourceWriter.Header(tagSources), publicEntries));
Write("DicomUidRegistry.Generated.cs", SourceWriter.UidTable(SourceWriter.Header([uidPath, "tools/PacsViewer.DictionaryGenerator/uids-supplement.tsv"]), uids));
Write("DicomUids.Generated.cs", SourceWriter.Uids(SourceWriter.Header([uidPath, "tools/PacsViewer.DictionaryGenerator/uids-supplement.tsv"]), uids));
foreach (var note in notes)
{
    Console.WriteLine(note);
}
return 0;

void Write(string fileName, string text)
{
    var path = Path.Combine(outDir, fileName);
    File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    Console.WriteLine($"wrote {path}");
}

static void Check(IEnumerable<string> values, string what)
{
    var seen = new HashSet<string>(StringComparer.Ordinal);
    foreach (var v in values)
    {
        if (!seen.Add(v))
        {
            throw new InvalidOperationException($"Duplicate {what} '{v}'.");
        }
        if (what.EndsWith("keyword", StringComparison.Ordinal) && !Regex.IsMatch(v, "^[A-Za-z_][A-Za-z0-9_]*$"))
        {
            throw new InvalidOperationException($"{what} '{v}' is not a C# identifier.");
        }
    }
}

// Eight upper-case hex digits with "x" where the mask lets a digit vary, as pydicom keys repeaters ("60xx3000").
static string TagKey(uint tag, uint mask)
{
    var sb = new StringBuilder(8);
    for (var shift = 28; shift >= 0; shift -= 4)
    {
        sb.Append(((mask >> shift) & 0xF) == 0xF ? ((tag >> shift) & 0xF).ToString("X", CultureInfo.InvariantCulture) : "x");
    }
    return PydicomReader.TagKey(sb.ToString());
}

static Dictionary<string, string> ParseArgs(string[] args)
{
    var result = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i < args.Length; i++)
    {
        result[args[i]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "";
    }
    return result;
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "PacsViewer.sln")))
        {
            return dir.FullName;
        }
    }
    throw new InvalidOperationException("Run from inside the repository, or pass --out DIR.");
}

// UID order: component by component, numerically (components are digit strings without leading zeros).
static int CompareUids(string a, string b)
{
    var x = a.Split('.');
    var y = b.Split('.');
    for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
    {
        var c = x[i].Length != y[i].Length ? x[i].Length.CompareTo(y[i].Length) : string.CompareOrdinal(x[i], y[i]);
        if (c != 0)
        {
            return c;
        }
    }
    return x.Length.CompareTo(y.Length);
}
