namespace PacsViewer.Tests;

/// <summary>
/// Where the sample DICOM files are: the shared corpus (../shared/dicom-samples beside the repository, or
/// $PACSVIEWER_SAMPLES) listed in its MANIFEST.tsv, and pydicom's test files from the Debian package.
/// A missing corpus throws, so tests that need it fail rather than skip.
/// </summary>
public static class TestFiles
{
    public const string PydicomTestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    private static readonly Lazy<string> Samples = new(FindSamplesDirectory);

    public static string SamplesDirectory => Samples.Value;

    /// <summary>Absolute paths of the files listed in MANIFEST.tsv (first column, header line skipped).</summary>
    public static IEnumerable<string> SampleFiles() =>
        File.ReadLines(Path.Combine(SamplesDirectory, "MANIFEST.tsv"))
            .Skip(1)
            .Select(line => line.Split('\t')[0].Trim())
            .Where(name => name.Length > 0)
            .Select(name => Path.Combine(SamplesDirectory, name));

    /// <summary>The *.dcm files among pydicom's test files.</summary>
    public static IEnumerable<string> PydicomFiles() =>
        Directory.Exists(PydicomTestFiles)
            ? Directory.EnumerateFiles(PydicomTestFiles, "*.dcm").Order(StringComparer.Ordinal)
            : throw new DirectoryNotFoundException($"pydicom test files not found at {PydicomTestFiles} (apt-get install python3-pydicom)");

    private static string FindSamplesDirectory()
    {
        if (Environment.GetEnvironmentVariable("PACSVIEWER_SAMPLES") is { Length: > 0 } fromEnvironment)
        {
            return Directory.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new DirectoryNotFoundException($"PACSVIEWER_SAMPLES={fromEnvironment} does not exist");
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
            $"shared/dicom-samples not found above {AppContext.BaseDirectory}; set PACSVIEWER_SAMPLES");
    }
}
