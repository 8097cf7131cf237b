using System.Diagnostics;

namespace PacsViewer.Benchmarks;

/// <summary>The outcome of one external process run: wall time from start to exit, exit code, captured stderr.</summary>
internal readonly record struct ProcessRun(TimeSpan Elapsed, int ExitCode, string StandardError);

/// <summary>
/// Starts every external process the same way, through <c>/bin/sh -c 'exec "$@" &gt;/dev/null'</c>, so that
/// stdout goes straight to /dev/null (no pipe to drain) and every tool pays the same launch overhead.
/// </summary>
internal static class ProcessRunner
{
    public static ProcessRun Run(string executable, IEnumerable<string> arguments, bool captureStandardError = false)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardError = captureStandardError,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$@\" >/dev/null");
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add(executable);
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        var stderr = captureStandardError ? process.StandardError.ReadToEnd() : "";
        process.WaitForExit();
        stopwatch.Stop();
        return new ProcessRun(stopwatch.Elapsed, process.ExitCode, stderr);
    }

    public static ProcessRun RunChecked(string executable, IEnumerable<string> arguments)
    {
        var run = Run(executable, arguments);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} exited with code {run.ExitCode}");
        }
        return run;
    }
}
