using System.Diagnostics;
using System.Text.Json;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Dicom;

/// <summary>Patient names of the non-ASCII corpus files come out in the same characters as pydicom decodes them.</summary>
public sealed class SampleCharsetTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, string?>> PydicomNames = new(ReadWithPydicom);

    public static TheoryData<string> CharsetSamples()
    {
        var data = new TheoryData<string>();
        foreach (var f in TestFiles.SampleFiles().Where(f => f.StartsWith("charset/", StringComparison.Ordinal)))
        {
            data.Add(f);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CharsetSamples))]
    public void GetString_PatientNameInCharsetSample_MatchesPydicom(string file)
    {
        var dataset = DicomFile.Open(TestFiles.Sample(file), new DicomReaderOptions { StopBeforePixelData = true }).Dataset;
        var expected = PydicomNames.Value[file];

        // Compared as PN values: pydicom, like DicomPersonName, drops trailing empty component groups ("A=B=" is "A=B").
        var names = dataset.GetPersonNames(DicomTags.PatientName);
        Assert.Equal(expected, names.Count == 0 ? null : string.Join('\\', names.Select(n => n.ToString())));
        Assert.Empty(dataset.CharacterSet.Warnings);
    }

    [Fact]
    public void CharsetSamples_IncludeNonAsciiNames()
    {
        // Guards the theory above against a reference that silently lost its non-ASCII characters.
        Assert.Contains(PydicomNames.Value.Values, n => n is not null && n.Any(c => c > 0x2FF));
        Assert.True(PydicomNames.Value.Count >= 8, $"only {PydicomNames.Value.Count} charset samples");
    }

    private static IReadOnlyDictionary<string, string?> ReadWithPydicom()
    {
        const string Script = """
            import json, sys, pydicom
            root, files = sys.argv[1], sys.argv[2:]
            out = {}
            for f in files:
                ds = pydicom.dcmread(root + '/' + f, stop_before_pixels=True, force=True)
                pn = ds.get('PatientName')
                out[f] = None if pn is None or str(pn) == '' else str(pn)
            sys.stdout.write(json.dumps(out, ensure_ascii=True))
            """;
        var files = TestFiles.SampleFiles().Where(f => f.StartsWith("charset/", StringComparison.Ordinal)).ToArray();
        var start = new ProcessStartInfo(TestFiles.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(TestFiles.SamplesDirectory);
        foreach (var f in files)
        {
            start.ArgumentList.Add(f);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"pydicom failed: {stderr}");
        return JsonSerializer.Deserialize<Dictionary<string, string?>>(stdout)!;
    }
}
