using System.Diagnostics;
using System.Text.Json;

namespace PacsViewer.Tests.Core.Reporting.Export;

/// <summary>Independent readers of the exports: pydicom (<see cref="TestFiles.Python"/>) and poppler's pdftotext.</summary>
internal static class ExternalTools
{
    /// <summary>
    /// pydicom's reading of an SR file: SOP class, patient, study, series, flags, the Text Values of the content tree
    /// in document order, the verifying observers and the predecessor's SOP Instance UID.
    /// </summary>
    private const string PydicomSrScript = """
        import json, sys
        import pydicom
        ds = pydicom.dcmread(sys.argv[1])
        texts = []
        def walk(items):
            for item in items:
                if item.ValueType == 'TEXT':
                    texts.append(str(item.TextValue))
                walk(getattr(item, 'ContentSequence', []))
        walk(ds.ContentSequence)
        pred = None
        if 'PredecessorDocumentsSequence' in ds:
            pred = ds.PredecessorDocumentsSequence[0].ReferencedSeriesSequence[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID
        print(json.dumps({
            'SOPClassUID': ds.SOPClassUID, 'PatientName': str(ds.PatientName), 'PatientID': ds.PatientID,
            'StudyInstanceUID': ds.StudyInstanceUID, 'SeriesInstanceUID': ds.SeriesInstanceUID, 'Modality': ds.Modality,
            'CompletionFlag': ds.CompletionFlag, 'VerificationFlag': ds.VerificationFlag,
            'Title': ds.ConceptNameCodeSequence[0].CodeMeaning, 'Texts': texts,
            'Verifiers': [str(v.VerifyingObserverName) for v in ds.VerifyingObserverSequence],
            'Predecessor': pred}))
        """;

    public static async Task<PydicomSr> ReadSrWithPydicomAsync(string path)
    {
        var (exit, stdout, stderr) = await RunAsync(TestFiles.Python, "-c", PydicomSrScript, path);
        Assert.True(exit == 0, $"pydicom failed on {path}: {stderr}");
        return JsonSerializer.Deserialize<PydicomSr>(stdout)!;
    }

    /// <summary>The text of a PDF as poppler's pdftotext extracts it (Debian poppler-utils).</summary>
    public static async Task<string> PdfToTextAsync(string path)
    {
        const string tool = "/usr/bin/pdftotext";
        Assert.True(File.Exists(tool), $"{tool} is missing (apt-get install poppler-utils; ./test.sh installs it as root)");
        var (exit, stdout, stderr) = await RunAsync(tool, "-enc", "UTF-8", path, "-");
        Assert.True(exit == 0, $"pdftotext failed on {path}: {stderr}");
        return stdout;
    }

    /// <summary>Runs a tool to completion (hang detector: 120 s).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>What <see cref="ExternalTools.ReadSrWithPydicomAsync"/> prints.</summary>
internal sealed record PydicomSr(string SOPClassUID, string PatientName, string PatientID, string StudyInstanceUID, string SeriesInstanceUID,
    string Modality, string CompletionFlag, string VerificationFlag, string Title, string[] Texts, string[] Verifiers, string? Predecessor);
