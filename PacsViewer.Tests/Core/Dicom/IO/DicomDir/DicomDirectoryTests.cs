using System.Buffers.Binary;
using System.Diagnostics;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Dicom.IO.DicomDir;

namespace PacsViewer.Tests.Core.Dicom.IO.DicomDir;

/// <summary>
/// DICOMDIR reading: the corpus DICOMDIR (made by DCMTK's dcmmkdir) and pydicom's variants of it, checked
/// against pydicom 2.3's reading of the same files, and hostile record offsets built byte by byte.
/// </summary>
public sealed class DicomDirectoryTests : IDisposable
{
    private static readonly string CorpusDicomdir = TestFiles.Sample("dicomdir/DICOMDIR");
    private static readonly string PydicomDicomdirs = Path.Combine(TestFiles.PydicomTestFiles, "dicomdirtests");

    private readonly string _temp = Directory.CreateTempSubdirectory("dicomdir-tests-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Open_CorpusDicomdir_HasTheTreeShapePydicomReports()
    {
        // pydicom 2.3.1 (ds.patient_records): 2 patients, 6 studies, 13 series, 31 images; 52 records in all.
        var dir = DicomDirectory.Open(CorpusDicomdir);

        Assert.Equal(["PATIENT", "PATIENT"], dir.RootRecords.Select(r => r.RecordType));
        Assert.Equal(["77654033", "98890234"], dir.RootRecords.Select(r => r.Dataset.GetFirstString(new DicomTag(0x0010, 0x0020))));
        var studies = dir.RootRecords.SelectMany(p => p.Children).ToArray();
        var series = studies.SelectMany(s => s.Children).ToArray();
        var images = series.SelectMany(s => s.Children).ToArray();
        Assert.Equal(6, studies.Length);
        Assert.Equal(13, series.Length);
        Assert.Equal(31, images.Length);
        Assert.All(studies, s => Assert.Equal("STUDY", s.RecordType));
        Assert.All(series, s => Assert.Equal("SERIES", s.RecordType));
        Assert.All(images, i => Assert.Equal("IMAGE", i.RecordType));
        Assert.All(images, i => Assert.Empty(i.Children));
        Assert.Equal(52, dir.EnumerateRecords().Count());
        Assert.Equal("PYDICOM_TEST", dir.FileSetId);
        Assert.Equal(396, dir.RootRecords[0].Offset); // (0004,1200) as pydicom reads it
        Assert.Empty(dir.Warnings);

        var first = images[0];
        Assert.Equal(["77654033", "CR1", "6154"], first.ReferencedFileId.ToArray());
        Assert.Equal("1.3.6.1.4.1.5962.1.1.0.0.0.1196527414.5534.0.11", first.ReferencedSopInstanceUid);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.1", first.ReferencedSopClassUid); // CR Image Storage
        Assert.Equal("1.2.840.10008.1.2.1", first.ReferencedTransferSyntaxUid);
    }

    public static TheoryData<string> PydicomVariants() => new()
    {
        "DICOMDIR", "DICOMDIR-bigEnd", "DICOMDIR-implicit", "DICOMDIR-reordered",
    };

    [Theory]
    [MemberData(nameof(PydicomVariants))]
    public void Open_PydicomDicomdir_MatchesPydicomRecordForRecord(string name)
    {
        var path = Path.Combine(PydicomDicomdirs, name);
        var expected = PydicomTree(path);
        Assert.Equal(52, expected.Count);

        var dir = DicomDirectory.Open(path);
        var actual = new List<string>();
        Flatten(dir.RootRecords, 0, actual);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Open_PydicomNopatientVariant_ReportsTheRecordsNotReachableFromTheRoot()
    {
        // pydicom's DICOMDIR-nopatient: the reordered file with PATIENT retyped UNKNOWN, but (0004,1200) still 396,
        // which is now a lone IMAGE record. pydicom refuses the file; here the lone root and a warning remain.
        var dir = DicomDirectory.Open(Path.Combine(PydicomDicomdirs, "DICOMDIR-nopatient"));

        var root = Assert.Single(dir.RootRecords);
        Assert.Equal("IMAGE", root.RecordType);
        Assert.Equal(396, root.Offset);
        Assert.Contains("51 in-use directory records are not reachable", Assert.Single(dir.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_PydicomNooffsetVariant_ItemLengthBeyondTheFile_ThrowsNamingTheItem()
    {
        // pydicom's DICOMDIR-nooffset dropped two elements (24 bytes) from its last record without correcting
        // the item length (248 declared, 224 left). pydicom reads past it; a declared length is never trusted here.
        var e = Assert.Throws<DicomFormatException>(() => DicomDirectory.Open(Path.Combine(PydicomDicomdirs, "DICOMDIR-nooffset")));

        Assert.Equal(10860, e.Offset);
        Assert.Contains("beyond the end of the data", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ZeroOffsetElementsLeftOut_TreatsThemAsZero()
    {
        // (0004,1400) and (0004,1420) are Type 1, but writers drop them when zero; a missing offset ends the chain.
        var records = new[]
        {
            new TestRecord("PATIENT") { Lower = 1, OmitZeroOffsets = true },
            new TestRecord("STUDY") { OmitZeroOffsets = true },
        };
        var path = DicomDirBuilder.WriteFileSet(_temp, records);

        var dir = DicomDirectory.Open(path);

        Assert.Equal(["PATIENT", "STUDY"], dir.EnumerateRecords().Select(r => r.RecordType));
        Assert.False(dir.RootRecords[0].Dataset.Contains(new DicomTag(0x0004, 0x1400)));
    }

    [Fact]
    public void ResolveReferencedFile_CorpusDicomdir_EveryFileIsInsideAndHasTheRecordsSopInstanceUid()
    {
        var dir = DicomDirectory.Open(CorpusDicomdir);
        var referencing = dir.EnumerateRecords().Where(r => r.HasReferencedFile).ToArray();

        Assert.Equal(31, referencing.Length);
        foreach (var record in referencing)
        {
            var path = record.ResolveReferencedFile();
            Assert.True(File.Exists(path), path);
            Assert.StartsWith(dir.FolderPath + Path.DirectorySeparatorChar, path, StringComparison.Ordinal);
            Assert.Equal(Path.Combine([dir.FolderPath, .. record.ReferencedFileId]), path);
            var file = DicomFile.Open(path, new DicomReaderOptions { StopBeforePixelData = true });
            Assert.Equal(record.ReferencedSopInstanceUid, file.SopInstanceUid);
            Assert.Equal(record.ReferencedSopClassUid, file.SopClassUid);
        }
    }

    [Fact]
    public void Open_RootOffsetBeyondTheFile_ThrowsNamingTheOffset()
    {
        var path = DicomDirBuilder.WriteFileSet(_temp, [new TestRecord("PATIENT")], rawRoot: 1_000_000);

        var e = Assert.Throws<DicomFormatException>(() => DicomDirectory.Open(path));

        Assert.Contains("1000000", e.Message, StringComparison.Ordinal);
        Assert.Contains("beyond the end of the file", e.Message, StringComparison.Ordinal);
        Assert.Equal(new DicomTag(0x0004, 0x1200), e.Tag);
    }

    [Fact]
    public void Open_NextOffsetIntoTheMiddleOfARecord_ThrowsNamingTheRecord()
    {
        var records = new[] { new TestRecord("PATIENT") { RawNext = 0 }, new TestRecord("PATIENT") };
        var bytes = DicomDirBuilder.Build(records);
        var first = FindItem(bytes, 0);
        // Point the first record's next offset 8 bytes into the second record (inside it, not at its Item tag).
        var inside = (uint)FindItem(bytes, 1) + 8;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(first + 16), inside);
        var path = Path.Combine(_temp, "DICOMDIR");
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<DicomFormatException>(() => DicomDirectory.Open(path));

        Assert.Contains("not the start of a Directory Record item", e.Message, StringComparison.Ordinal);
        Assert.Equal(first, e.Offset);
        Assert.Equal(new DicomTag(0x0004, 0x1400), e.Tag);
    }

    [Fact]
    public void Open_CycleOfNextRecordOffsets_ThrowsInsteadOfLooping()
    {
        var records = new[]
        {
            new TestRecord("PATIENT") { Next = 1 },
            new TestRecord("PATIENT") { Next = 2 },
            new TestRecord("PATIENT") { Next = 0 },
        };
        var path = DicomDirBuilder.WriteFileSet(_temp, records);

        var e = Assert.Throws<DicomFormatException>(() => DicomDirectory.Open(path));

        Assert.Contains("cycle", e.Message, StringComparison.Ordinal);
        Assert.Equal(FindItem(File.ReadAllBytes(path), 2), e.Offset);
        Assert.Equal(new DicomTag(0x0004, 0x1400), e.Tag);
    }

    [Fact]
    public void Open_NextOffsetToItself_ThrowsInsteadOfLooping()
    {
        var path = DicomDirBuilder.WriteFileSet(_temp, [new TestRecord("PATIENT") { Next = 0 }]);

        var e = Assert.Throws<DicomFormatException>(() => DicomDirectory.Open(path));

        Assert.Contains("cycle", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_LowerLevelOffsetBackToAParent_ThrowsNamingTheChild()
    {
        var records = new[]
        {
            new TestRecord("PATIENT") { Lower = 1 },
            new TestRecord("STUDY") { Lower = 2 },
            new TestRecord("SERIES") { Lower = 0 },
        };
        var path = DicomDirBuilder.WriteFileSet(_temp, records);

        var e = Assert.Throws<DicomFormatException>(() => DicomDirectory.Open(path));

        Assert.Contains("already reached", e.Message, StringComparison.Ordinal);
        Assert.Equal(FindItem(File.ReadAllBytes(path), 2), e.Offset);
        Assert.Equal(new DicomTag(0x0004, 0x1420), e.Tag);
    }

    [Fact]
    public void Open_CorpusDicomdirPatchedIntoACycle_Throws()
    {
        // The real file, with the second PATIENT record's next offset pointed back at the first PATIENT.
        var bytes = File.ReadAllBytes(CorpusDicomdir);
        var dir = DicomDirectory.Open(CorpusDicomdir);
        var second = (int)dir.RootRecords[1].Offset;
        Assert.Equal(new byte[] { 0x04, 0x00, 0x00, 0x14, (byte)'U', (byte)'L', 0x04, 0x00 }, bytes[(second + 8)..(second + 16)]); // (0004,1400) UL, 4 bytes
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(second + 16), (uint)dir.RootRecords[0].Offset);
        var path = Path.Combine(_temp, "DICOMDIR");
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<DicomFormatException>(() => DicomDirectory.Open(path));

        Assert.Equal(second, e.Offset);
        Assert.Contains("cycle", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_InactiveRecord_IsSkippedWithItsLowerLevelButTheChainGoesOn()
    {
        var records = new[]
        {
            new TestRecord("PATIENT") { Next = 1, Lower = 3 },
            new TestRecord("PATIENT") { Next = 2, Lower = 4, InUse = false },
            new TestRecord("PATIENT"),
            new TestRecord("STUDY"),
            new TestRecord("STUDY"),
        };
        var path = DicomDirBuilder.WriteFileSet(_temp, records);

        var dir = DicomDirectory.Open(path);

        Assert.Equal(2, dir.RootRecords.Length);
        Assert.Single(dir.RootRecords[0].Children);
        Assert.Empty(dir.RootRecords[1].Children);
        Assert.Equal(["PATIENT", "STUDY", "PATIENT"], dir.EnumerateRecords().Select(r => r.RecordType)); // the inactive PATIENT is left out
        Assert.Contains(dir.Warnings, w => w.Contains("not reachable", StringComparison.Ordinal)); // its in-use STUDY is reported
    }

    [Fact]
    public void Open_NoRecords_GivesAnEmptyTree()
    {
        var path = DicomDirBuilder.WriteFileSet(_temp, [], root: null);

        var dir = DicomDirectory.Open(path);

        Assert.Empty(dir.RootRecords);
        Assert.Equal("TESTSET", dir.FileSetId);
    }

    [Fact]
    public void Open_SequenceLengthBeyondTheFile_ThrowsDicomFormatException()
    {
        var bytes = DicomDirBuilder.Build([new TestRecord("PATIENT")]);
        var path = Path.Combine(_temp, "DICOMDIR");
        File.WriteAllBytes(path, bytes[..^10]);

        Assert.Throws<DicomFormatException>(() => DicomDirectory.Open(path));
    }

    [Fact]
    public void Open_CancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => DicomDirectory.Open(CorpusDicomdir, cts.Token));
    }

    /// <summary>Offset of the n-th Item tag (FFFE,E000) in a file written by <see cref="DicomDirBuilder"/>.</summary>
    internal static int FindItem(byte[] bytes, int n)
    {
        ReadOnlySpan<byte> itemTag = [0xFE, 0xFF, 0x00, 0xE0];
        var at = 0;
        for (var i = 0; ; i++)
        {
            var found = bytes.AsSpan(at).IndexOf(itemTag);
            Assert.True(found >= 0, $"item {n} not found");
            if (i == n)
            {
                return at + found;
            }
            at += found + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + found + 4)) + 8;
        }
    }

    private static void Flatten(IEnumerable<DicomDirectoryRecord> records, int depth, List<string> lines)
    {
        foreach (var r in records)
        {
            lines.Add($"{depth}\t{r.RecordType}\t{string.Join('\\', r.ReferencedFileId)}\t{r.ReferencedSopInstanceUid}");
            Flatten(r.Children, depth + 1, lines);
        }
    }

    /// <summary>The tree as pydicom 2.3 links it (ds.patient_records and each record's children), one line per record.</summary>
    private static List<string> PydicomTree(string path)
    {
        const string script = """
            import sys, warnings
            warnings.simplefilter("ignore")
            import pydicom
            ds = pydicom.dcmread(sys.argv[1])
            def walk(records, depth):
                for r in records:
                    fid = r.get("ReferencedFileID")
                    fid = "" if fid is None else (fid if isinstance(fid, str) else "\\".join(fid))
                    print(f"{depth}\t{r.DirectoryRecordType}\t{fid}\t{r.get('ReferencedSOPInstanceUIDInFile', '')}")
                    walk(getattr(r, "children", []), depth + 1)
            walk(ds.patient_records, 0)
            """;
        var start = new ProcessStartInfo(TestFiles.Python) { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"pydicom failed on {path}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
