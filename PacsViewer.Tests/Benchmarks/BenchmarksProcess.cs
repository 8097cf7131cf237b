using System.Diagnostics;

namespace PacsViewer.Tests.Benchmarks;

/// <summary>Runs the PacsViewer.Benchmarks assembly (built beside the tests through a project reference) as a process.</summary>
internal static class BenchmarksProcess
{
    /// <summary>The benchmarks' exit code, standard output and standard error; the process tree is killed after <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        var benchmarks = AssemblyPath();
        Assert.True(File.Exists(benchmarks), $"{benchmarks} is missing (the test project builds PacsViewer.Benchmarks through a project reference)");
        var info = new ProcessStartInfo("dotnet", [benchmarks, .. arguments])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var hang = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(hang.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // its finally blocks do not run: child servers die with the tree
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The Benchmarks assembly built in the same configuration as this test assembly (bin/CONFIG/TFM/).</summary>
    private static string AssemblyPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!;
        var root = configuration.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, "PacsViewer.Benchmarks", "bin", configuration.Name, output.Name, "PacsViewer.Benchmarks.dll");
    }
}
