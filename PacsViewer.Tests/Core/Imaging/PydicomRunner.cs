using System.Diagnostics;

namespace PacsViewer.Tests.Core.Imaging;

/// <summary>Runs a small inline script under the system Python (pydicom 2.3 + numpy) and returns what it wrote.</summary>
internal static class PydicomRunner
{
    /// <summary>Runs <paramref name="script"/> with argv[1] = <paramref name="input"/>, argv[2] = an output file path; returns the output file's bytes.</summary>
    public static byte[] Run(string script, string input, string? extra = null)
    {
        var output = Path.GetTempFileName();
        var scriptFile = Path.ChangeExtension(Path.GetTempFileName(), ".py");
        try
        {
            File.WriteAllText(scriptFile, script);
            var psi = new ProcessStartInfo(TestFiles.Python) { RedirectStandardError = true, RedirectStandardOutput = true };
            psi.ArgumentList.Add(scriptFile);
            psi.ArgumentList.Add(input);
            psi.ArgumentList.Add(output);
            if (extra is not null)
            {
                psi.ArgumentList.Add(extra);
            }
            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"pydicom script failed on {input}: {stderr}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
            File.Delete(scriptFile);
        }
    }
}
