namespace PacsViewer.Benchmarks;

/// <summary>The reference readers the header benchmark compares against, and how each is invoked.</summary>
internal static class ReferenceTools
{
    public const string Dcmdump = "/usr/bin/dcmdump";

    /// <summary>Debian's python3 (has python3-pydicom); the first python3 on PATH may not.</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>
    /// dcmdump as close to header-only as it goes: -q no log output, -M do not load long values (they are
    /// skipped, not read), +sb 7fe0,0010 stop parsing before Pixel Data. The dump itself goes to /dev/null.
    /// </summary>
    public static readonly string[] DcmdumpHeaderFlags = ["-q", "-M", "+sb", "7fe0,0010"];

    public static string PydicomScript(string repositoryRoot) =>
        Path.Combine(repositoryRoot, "PacsViewer.Benchmarks", "Scripts", "read_headers.py");

    /// <summary>One dcmdump process over all <paramref name="files"/>.</summary>
    public static ProcessRun RunDcmdump(IEnumerable<string> files) =>
        ProcessRunner.RunChecked(Dcmdump, [.. DcmdumpHeaderFlags, .. files]);

    /// <summary>One python process that imports pydicom and reads the headers of all <paramref name="files"/> once.</summary>
    public static ProcessRun RunPydicom(string script, IEnumerable<string> files) =>
        ProcessRunner.RunChecked(Python, [script, .. files]);
}
