using System.Runtime.CompilerServices;
using BenchmarkDotNet.Running;
using PacsViewer.Benchmarks.Viewer;
using PacsViewer.Benchmarks.Worklist;

namespace PacsViewer.Benchmarks;

/// <summary>
/// The entry point (a named class, not top-level statements: the global <c>Program</c> is the web app's, which
/// --viewer-compare hosts through WebApplicationFactory).
/// </summary>
internal static class BenchmarkProgram
{
    // --compare: the Stopwatch harness against dcmdump and pydicom (CompareHarness).
    // --render-compare: the Stopwatch harness for rendering and decoding against dcmtk and pydicom (RenderCompareHarness).
    // --retrieve-compare: C-GET, C-MOVE and WADO-RS from a local Orthanc against dcmtk's getscu/movescu (RetrieveCompareHarness).
    // --viewer-compare: the viewer in headless Chromium against the app on Kestrel (Viewer/ViewerCompareHarness).
    // --export-compare: a 1,000-instance study exported as a ZIP (and de-identified) against File.Copy (ExportCompareHarness).
    // --send-compare [--rounds N] [--slices N]: C-STORE batching (1, 16, all per association) against storescu (SendCompareHarness).
    // --worklist-compare: the worklist page query at 100,000 studies on SQLite and PostgreSQL (Worklist/WorklistCompareHarness).
    // --load-test [--viewers N] [--seconds S] [--circuits C] [--pace F]: N viewers scrolling and window-levelling against one instance (Load/LoadTestHarness).
    // --read-headers FILE...: read the headers of FILEs and exit (the harness times this as a process).
    // Anything else goes to BenchmarkDotNet.
    public static async Task<int> Main(string[] args) => args switch
    {
        ["--read-headers", .. var files] => ReadHeaders(files),
        ["--compare", .. var rest] => CompareHarness.Run(rest),
        ["--render-compare", .. var rest] => RenderCompareHarness.Run(rest),
        ["--retrieve-compare", .. var rest] => await RetrieveCompareHarness.RunAsync(rest),
        ["--viewer-compare", .. var rest] => await ViewerCompareHarness.RunAsync(rest),
        ["--worklist-compare", .. var rest] => await WorklistCompareHarness.RunAsync(rest),
        ["--export-compare", .. var rest] => await ExportCompareHarness.RunAsync(rest),
        ["--send-compare", .. var rest] => await SendCompareHarness.RunAsync(rest),
        ["--load-test", .. var rest] => await Load.LoadTestHarness.RunAsync(rest),
        _ => RunBenchmarkDotNet(args),
    };

    private static int ReadHeaders(string[] files)
    {
        HeaderReader.ReadAll(files);
        return 0;
    }

    // Kept out of line so that --read-headers does not load BenchmarkDotNet.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunBenchmarkDotNet(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(HeaderReadBenchmarks).Assembly).Run(args);
        return 0;
    }
}
