namespace PacsViewer.Tests;

/// <summary>
/// The one catalog of sample files. The shared corpus lives at ../shared/dicom-samples beside the repo (or
/// $PACSVIEWER_SAMPLES); pydicom's test files come with Debian's python3-pydicom. A missing corpus fails the
/// tests that need it, it never skips them.
/// </summary>
public static class TestFiles
{
    private static readonly Lazy<string> Samples = new(LocateSamples);

    /// <summary>The shared sample corpus directory (holds MANIFEST.tsv and refs/).</summary>
    public static string SamplesDirectory => Samples.Value;

    /// <summary>pydicom's test files as Debian installs them.</summary>
    public const string PydicomTestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    /// <summary>The system Python that has pydicom and numpy (the first python3 on PATH may not).</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>Paths of the corpus files relative to <see cref="SamplesDirectory"/>, as MANIFEST.tsv lists them.</summary>
    public static IReadOnlyList<string> SampleFiles() =>
        File.ReadLines(Path.Combine(SamplesDirectory, "MANIFEST.tsv")).Skip(1)
            .Where(l => l.Length > 0).Select(l => l.Split('\t')[0]).ToArray();

    /// <summary>Absolute paths of the corpus files.</summary>
    public static IEnumerable<string> SampleFilePaths() => SampleFiles().Select(Sample);

    /// <summary>The *.dcm files among pydicom's test files.</summary>
    public static IEnumerable<string> PydicomFiles() =>
        Directory.Exists(PydicomTestFiles)
            ? Directory.EnumerateFiles(PydicomTestFiles, "*.dcm").Order(StringComparer.Ordinal)
            : throw new DirectoryNotFoundException($"pydicom test files not found at {PydicomTestFiles} (apt-get install python3-pydicom)");

    /// <summary>MANIFEST.tsv rows keyed by relative path: column name to value.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Manifest()
    {
        var lines = File.ReadAllLines(Path.Combine(SamplesDirectory, "MANIFEST.tsv"));
        var header = lines[0].Split('\t');
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToDictionary(
            c => c[0], c => (IReadOnlyDictionary<string, string>)header.Zip(c).ToDictionary(p => p.First, p => p.Second));
    }

    public static string Sample(string relativePath) => Path.Combine(SamplesDirectory, relativePath);

    /// <summary>xunit member data: one row per corpus file.</summary>
    public static TheoryData<string> SampleFileData()
    {
        var data = new TheoryData<string>();
        foreach (var f in SampleFiles())
        {
            data.Add(f);
        }
        return data;
    }

    /// <summary>xunit member data: absolute paths of the corpus files and of pydicom's *.dcm test files.</summary>
    public static TheoryData<string> CorpusAndPydicomFileData()
    {
        var data = new TheoryData<string>();
        foreach (var f in SampleFilePaths().Concat(PydicomFiles()))
        {
            data.Add(f);
        }
        return data;
    }

    private static string LocateSamples()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("PACSVIEWER_SAMPLES");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new DirectoryNotFoundException($"PACSVIEWER_SAMPLES points to {fromEnvironment}, which does not exist");
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "dicom-samples");
            if (File.Exists(Path.Combine(candidate, "MANIFEST.tsv")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            "The DICOM sample corpus was not found: set PACSVIEWER_SAMPLES or place shared/dicom-samples beside the repository.");
    }
}
