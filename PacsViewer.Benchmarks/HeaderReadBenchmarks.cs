using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace PacsViewer.Benchmarks;

/// <summary>
/// Reading the headers (stop before Pixel Data) of every sample that PacsViewer, dcmdump and pydicom all read.
/// One operation = all N files. Each reference tool is the Baseline of its own category, so the Ratio column
/// reads "PacsViewer in-process / reference tool as one process over the same files" (start-up included for the
/// tool, not for us: see the --compare mode for net-of-start-up figures). The Allocated column of the external
/// runs is only this process's Process.Start overhead.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[IterationTime(250)]
public class HeaderReadBenchmarks
{
    private const string VsDcmdump = "vs dcmdump";
    private const string VsPydicom = "vs pydicom";

    private string[] _files = [];
    private string _script = "";

    [GlobalSetup]
    public void Setup()
    {
        var corpus = SampleCorpus.Load();
        _files = [.. corpus.Included];
        _script = ReferenceTools.PydicomScript(corpus.RepositoryRoot);
        Console.WriteLine($"// header benchmark: {_files.Length} of {corpus.ManifestCount} manifest files; excluded: "
            + string.Join("; ", corpus.Excluded.Select(e => $"{e.File} ({e.Reason})")));
    }

    [Benchmark(Baseline = true, Description = "dcmdump, one process, all files")]
    [BenchmarkCategory(VsDcmdump)]
    public int Dcmdump() => ReferenceTools.RunDcmdump(_files).ExitCode;

    [Benchmark(Description = "PacsViewer, in-process, all files")]
    [BenchmarkCategory(VsDcmdump)]
    public int PacsViewerVsDcmdump() => HeaderReader.ReadAll(_files);

    [Benchmark(Baseline = true, Description = "pydicom, one process, all files")]
    [BenchmarkCategory(VsPydicom)]
    public int Pydicom() => ReferenceTools.RunPydicom(_script, _files).ExitCode;

    [Benchmark(Description = "PacsViewer, in-process, all files")]
    [BenchmarkCategory(VsPydicom)]
    public int PacsViewerVsPydicom() => HeaderReader.ReadAll(_files);
}
