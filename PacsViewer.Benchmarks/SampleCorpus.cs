using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Benchmarks;

/// <summary>A manifest file left out of the benchmark, and which reader rejected it.</summary>
internal sealed record ExcludedSample(string File, string Reason);

/// <summary>
/// The sample corpus (MANIFEST.tsv of $PACSVIEWER_SAMPLES, else ../shared/dicom-samples beside the repository),
/// split into the files PacsViewer, dcmdump and pydicom all read header-only without error, and the rest.
/// </summary>
internal sealed class SampleCorpus
{
    private SampleCorpus(string repositoryRoot, string directory, int manifestCount, IReadOnlyList<string> included, IReadOnlyList<ExcludedSample> excluded)
    {
        RepositoryRoot = repositoryRoot;
        Directory = directory;
        ManifestCount = manifestCount;
        Included = included;
        Excluded = excluded;
    }

    public string RepositoryRoot { get; }

    public string Directory { get; }

    public int ManifestCount { get; }

    /// <summary>Absolute paths, in manifest order.</summary>
    public IReadOnlyList<string> Included { get; }

    public IReadOnlyList<ExcludedSample> Excluded { get; }

    public string Relative(string path) => Path.GetRelativePath(Directory, path);

    /// <summary>The corpus directory ($PACSVIEWER_SAMPLES, else ../shared/dicom-samples beside the repository), unchecked.</summary>
    public static string LocateDirectory(out string repositoryRoot)
    {
        repositoryRoot = FindRepositoryRoot();
        return Environment.GetEnvironmentVariable("PACSVIEWER_SAMPLES") is { Length: > 0 } env
            ? Path.GetFullPath(env)
            : Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "dicom-samples"));
    }

    public static SampleCorpus Load()
    {
        var directory = LocateDirectory(out var root);
        var manifest = Path.Combine(directory, "MANIFEST.tsv");
        if (!File.Exists(manifest))
        {
            throw new FileNotFoundException($"no sample corpus: {manifest} not found (set PACSVIEWER_SAMPLES)", manifest);
        }

        var files = File.ReadLines(manifest).Skip(1)
            .Select(line => line.Split('\t')[0])
            .Where(name => name.Length > 0)
            .Select(name => Path.Combine(directory, name))
            .ToList();

        var excluded = new List<ExcludedSample>();
        var rejected = new HashSet<string>();
        void Exclude(string file, string reason)
        {
            excluded.Add(new ExcludedSample(Path.GetRelativePath(directory, file), reason));
            rejected.Add(file);
        }

        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                Exclude(file, "missing from the corpus directory");
                continue;
            }
            try
            {
                DicomFile.Open(file, HeaderReader.Options);
            }
            catch (DicomFormatException e)
            {
                Exclude(file, $"PacsViewer: {e.Message}");
            }
        }

        // dcmdump with the benchmark's flags minus -q, so the reason is on stderr.
        var checkFlags = ReferenceTools.DcmdumpHeaderFlags.Where(f => f != "-q").ToArray();
        foreach (var file in files.Where(f => !rejected.Contains(f)).ToList())
        {
            var run = ProcessRunner.Run(ReferenceTools.Dcmdump, [.. checkFlags, file], captureStandardError: true);
            if (run.ExitCode != 0)
            {
                Exclude(file, $"dcmdump (exit {run.ExitCode}): {FirstErrorLine(run.StandardError)}");
            }
        }

        var pydicomFailures = RunPydicomCheck(ReferenceTools.PydicomScript(root), files.Where(f => !rejected.Contains(f)));
        foreach (var (file, reason) in pydicomFailures)
        {
            Exclude(file, $"pydicom: {reason}");
        }

        return new SampleCorpus(root, directory, files.Count, files.Where(f => !rejected.Contains(f)).ToList(), excluded);
    }

    /// <summary>The directory holding PacsViewer.sln, searched upwards from the working and the base directory.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PacsViewer.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new DirectoryNotFoundException("PacsViewer.sln not found above the working or the base directory");
    }

    private static List<(string File, string Reason)> RunPydicomCheck(string script, IEnumerable<string> files)
    {
        var output = Path.GetTempFileName();
        try
        {
            // The runner sends stdout to /dev/null, so the script writes its list of failures to a file.
            var run = ProcessRunner.Run(ReferenceTools.Python, [script, "--check", "--out", output, .. files]);
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"pydicom check failed with exit code {run.ExitCode}");
            }
            return File.ReadLines(output)
                .Select(line => line.Split('\t', 2))
                .Select(parts => (parts[0], parts.Length > 1 ? parts[1] : "failed"))
                .ToList();
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static string FirstErrorLine(string stderr) =>
        stderr.Split('\n').FirstOrDefault(l => l.StartsWith("E:", StringComparison.Ordinal))?.Trim()
        ?? stderr.Split('\n').FirstOrDefault(l => l.Length > 0)?.Trim()
        ?? "no message";
}
