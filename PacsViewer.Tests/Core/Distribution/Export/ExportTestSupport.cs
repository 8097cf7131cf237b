using System.Diagnostics;
using System.IO.Compression;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Distribution.Export;

namespace PacsViewer.Tests.Core.Distribution.Export;

/// <summary>Files to export, the export itself into a file, and the outside readers (pydicom, dcmtk) that check it.</summary>
internal static class ExportTestSupport
{
    /// <summary>Opens files (large values deferred, as the archive does) and plans them as instances of an export.</summary>
    public static (List<ExportInstance> Instances, Dictionary<string, string> Paths) Plan(IEnumerable<string> paths)
    {
        var instances = new List<ExportInstance>();
        var byUid = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var file = DicomFile.Open(path, new DicomReaderOptions { StopBeforePixelData = true });
            var sop = file.SopInstanceUid!;
            instances.Add(new ExportInstance(file.Dataset.GetFirstString(DicomTags.StudyInstanceUID) ?? "?",
                file.Dataset.GetFirstString(DicomTags.SeriesInstanceUID) ?? "?", sop, Path.GetFileName(path)));
            byUid[sop] = path;
        }
        return (instances, byUid);
    }

    public static async Task<StudyZipResult> ExportAsync(StudyZipWriter writer, IEnumerable<string> paths, Stream destination,
        List<ExportItemResult>? outcomes = null)
    {
        var (instances, byUid) = Plan(paths);
        return await writer.WriteAsync(destination, instances,
            (i, ct) => Task.FromResult(DicomFile.Open(byUid[i.SopInstanceUid], new DicomReaderOptions { DeferValuesLargerThan = 4096 }, ct)),
            (r, ct) => { outcomes?.Add(r); return Task.CompletedTask; }, CancellationToken.None);
    }

    public static void Extract(string zipPath, string folder) => ZipFile.ExtractToDirectory(zipPath, folder);

    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public static Task<(int ExitCode, string Output)> PythonAsync(string script, params string[] args) =>
        RunAsync("/usr/bin/python3", ["-c", script, .. args]);

    /// <summary>Reads the DICOMDIR strictly with pydicom's FileSet and prints, per instance, its SOP Instance UID as read from the file it references.</summary>
    public const string PydicomFileSetScript = """
        import sys
        from pydicom import dcmread
        from pydicom.fileset import FileSet
        fs = FileSet(dcmread(sys.argv[1]))
        print("FILESET", fs.ID)
        for inst in fs:
            ds = inst.load()
            assert inst.SOPInstanceUID == ds.SOPInstanceUID, "record and file disagree"
            assert ds.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID, "file meta disagrees"
            print("INSTANCE", ds.SOPInstanceUID, ds.SeriesInstanceUID, inst.ReferencedFileID if isinstance(inst.ReferencedFileID, str) else "/".join(inst.ReferencedFileID))
        """;

    /// <summary>Walks every element of each file (File Meta and nested sequences included) and prints UIDs, person names, IDs, dates.</summary>
    public const string PydicomWalkScript = """
        import sys
        from pydicom import dcmread
        def walk(ds, out):
            for elem in ds:
                if elem.VR == "SQ":
                    for item in elem.value:
                        walk(item, out)
                    continue
                if elem.VR in ("UI", "PN", "LO", "SH", "DA", "CS", "LT", "ST", "UT"):
                    vals = elem.value if elem.VM > 1 else [elem.value]
                    for v in vals:
                        if v is not None and str(v) != "":
                            out.append("%s %s %s" % (elem.VR, elem.tag, str(v)))
        for path in sys.argv[1:]:
            ds = dcmread(path)
            out = []
            walk(ds.file_meta, out)
            walk(ds, out)
            print("FILE", path)
            for line in out:
                print(line)
        """;
}
