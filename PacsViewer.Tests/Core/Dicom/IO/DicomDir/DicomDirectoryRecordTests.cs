using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Dicom.IO.DicomDir;

namespace PacsViewer.Tests.Core.Dicom.IO.DicomDir;

/// <summary>
/// Resolving a record's Referenced File ID: it must land on a file inside the DICOMDIR's folder, whatever the
/// File ID or the links on disk say. Each file set is built in a temporary folder beside an "outside" folder.
/// The case-matching tests need a case-sensitive file system (Linux, as in CI).
/// </summary>
public sealed class DicomDirectoryRecordTests : IDisposable
{
    private const string Uid = "1.2.826.0.1.3680043.2.1125.99.1";
    private static readonly DicomTag ReferencedFileID = new(0x0004, 0x1500);

    private readonly string _temp = Directory.CreateTempSubdirectory("dicomdir-records-").FullName;
    private readonly string _media;
    private readonly string _outside;

    public DicomDirectoryRecordTests()
    {
        _media = Directory.CreateDirectory(Path.Combine(_temp, "media")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_temp, "outside")).FullName;
        File.WriteAllBytes(Path.Combine(_outside, "SECRET"), DicomDirBuilder.InstanceFile(Uid));
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void ResolveReferencedFile_PlainFileId_GivesTheFileInsideTheFolder()
    {
        WriteInstance("DIR1", "IMG1");
        var record = SingleImage(["DIR1", "IMG1"]);

        var path = record.ResolveReferencedFile();

        Assert.Equal(Path.Combine(_media, "DIR1", "IMG1"), path);
        Assert.Equal(Uid, DicomFile.Open(path).SopInstanceUid);
    }

    public static TheoryData<string[]> EscapingFileIds() => new()
    {
        new[] { "..", "outside", "SECRET" },
        new[] { "DIR1", "..", "..", "outside", "SECRET" },
        new[] { "/etc/passwd" },
        new[] { "/", "etc", "passwd" },
        new[] { "C:", "WINDOWS" },
        new[] { "..\\outside\\SECRET" },
        new[] { "DIR1/../../outside/SECRET" },
        new[] { "IM\tG1" },
        new[] { "DIR1", "", "IMG1" },
        new[] { "DIR1", "IMG 1" },
        new[] { "A", "B", "C", "D", "E", "F", "G", "H", "I" },
    };

    [Theory]
    [MemberData(nameof(EscapingFileIds))]
    public void ResolveReferencedFile_InvalidOrEscapingFileId_ThrowsNamingTheRecord(string[] fileId)
    {
        WriteInstance("DIR1", "IMG1");
        var record = SingleImage(fileId);

        var e = Assert.Throws<DicomFormatException>(record.ResolveReferencedFile);

        Assert.Equal(record.Offset, e.Offset);
        Assert.Equal(ReferencedFileID, e.Tag);
        Assert.Contains($"IMAGE record at offset {record.Offset}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveReferencedFile_SymlinkToAFileOutside_Throws()
    {
        File.CreateSymbolicLink(Path.Combine(_media, "LINK"), Path.Combine(_outside, "SECRET"));
        var record = SingleImage(["LINK"]);

        var e = Assert.Throws<DicomFormatException>(record.ResolveReferencedFile);

        Assert.Contains("outside the DICOMDIR folder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveReferencedFile_RelativeSymlinkedFolderLeadingOutside_Throws()
    {
        Directory.CreateSymbolicLink(Path.Combine(_media, "DIR1"), Path.Combine("..", "outside"));
        var record = SingleImage(["DIR1", "SECRET"]);

        var e = Assert.Throws<DicomFormatException>(record.ResolveReferencedFile);

        Assert.Contains("outside the DICOMDIR folder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveReferencedFile_SymlinkLoop_ThrowsInsteadOfLooping()
    {
        File.CreateSymbolicLink(Path.Combine(_media, "LOOPA"), "LOOPB");
        File.CreateSymbolicLink(Path.Combine(_media, "LOOPB"), "LOOPA");
        var record = SingleImage(["LOOPA"]);

        var e = Assert.Throws<DicomFormatException>(record.ResolveReferencedFile);

        Assert.Contains("symbolic links", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveReferencedFile_SymlinkThatStaysInside_Resolves()
    {
        WriteInstance("DIR1", "IMG1");
        Directory.CreateSymbolicLink(Path.Combine(_media, "ALIAS"), "DIR1");
        var record = SingleImage(["ALIAS", "IMG1"]);

        Assert.Equal(Path.Combine(_media, "DIR1", "IMG1"), record.ResolveReferencedFile());
    }

    [Fact]
    public void ResolveReferencedFile_DicomdirOpenedThroughASymlinkedFolder_ResolvesInsideTheRealFolder()
    {
        WriteInstance("DIR1", "IMG1");
        DicomDirBuilder.WriteFileSet(_media, [Image(["DIR1", "IMG1"])]);
        var alias = Path.Combine(_temp, "alias");
        Directory.CreateSymbolicLink(alias, _media);

        var dir = DicomDirectory.Open(Path.Combine(alias, "DICOMDIR"));

        Assert.Equal(_media, dir.FolderPath);
        Assert.Equal(Path.Combine(_media, "DIR1", "IMG1"), dir.RootRecords[0].ResolveReferencedFile());
    }

    [Fact]
    public void ResolveReferencedFile_NamesDifferInCaseOnDisk_MatchesIgnoringCase()
    {
        WriteInstance("dir1", "Img1");
        var record = SingleImage(["DIR1", "IMG1"]);

        Assert.Equal(Path.Combine(_media, "dir1", "Img1"), record.ResolveReferencedFile());
    }

    [Fact]
    public void ResolveReferencedFile_TwoEntriesDifferingOnlyInCase_ThrowsAmbiguous()
    {
        WriteInstance("Dir1", "IMG1");
        WriteInstance("dir1", "IMG1");
        var record = SingleImage(["DIR1", "IMG1"]);

        var e = Assert.Throws<DicomFormatException>(record.ResolveReferencedFile);

        Assert.Contains("differ only in case", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveReferencedFile_MissingFile_ThrowsFileNotFound()
    {
        var record = SingleImage(["DIR1", "IMG1"]);

        var e = Assert.Throws<FileNotFoundException>(record.ResolveReferencedFile);

        Assert.Contains($"IMAGE record at offset {record.Offset}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveReferencedFile_FileIdNamesAFolder_ThrowsFileNotFound()
    {
        WriteInstance("DIR1", "IMG1");
        var record = SingleImage(["DIR1"]);

        Assert.Throws<FileNotFoundException>(record.ResolveReferencedFile);
    }

    [Fact]
    public void ResolveReferencedFile_RecordWithoutFileId_ThrowsInvalidOperation()
    {
        DicomDirBuilder.WriteFileSet(_media, [new TestRecord("PATIENT")]);
        var record = DicomDirectory.Open(Path.Combine(_media, "DICOMDIR")).RootRecords[0];

        Assert.False(record.HasReferencedFile);
        Assert.Throws<InvalidOperationException>(record.ResolveReferencedFile);
    }

    private static TestRecord Image(string[] fileId) => new("IMAGE") { FileId = fileId, SopInstanceUid = Uid };

    private DicomDirectoryRecord SingleImage(string[] fileId)
    {
        var path = DicomDirBuilder.WriteFileSet(_media, [Image(fileId)]);
        return Assert.Single(DicomDirectory.Open(path).RootRecords);
    }

    private void WriteInstance(params string[] components)
    {
        var path = Path.Combine([_media, .. components]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, DicomDirBuilder.InstanceFile(Uid));
    }
}
