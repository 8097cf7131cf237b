using System.Buffers.Binary;
using System.Collections.Immutable;

namespace PacsViewer.Core.Dicom.IO.DicomDir;

/// <summary>
/// One in-use Directory Record of a DICOMDIR (PS3.3 F.3.2.2, F.5): its type, its dataset (the Directory
/// Elements and the record's keys), the records of its lower-level Directory Entity, and the file it
/// references, if any. Immutable.
/// </summary>
public sealed class DicomDirectoryRecord
{
    // Tags named by their keywords (PS3.6 Table 6-1 / PS3.3 Table F.3-3), until the generated dictionary is merged.
    private static readonly DicomTag DirectoryRecordType = new(0x0004, 0x1430);
    private static readonly DicomTag ReferencedFileID = new(0x0004, 0x1500);
    private static readonly DicomTag ReferencedSOPClassUIDInFile = new(0x0004, 0x1510);
    private static readonly DicomTag ReferencedSOPInstanceUIDInFile = new(0x0004, 0x1511);
    private static readonly DicomTag ReferencedTransferSyntaxUIDInFile = new(0x0004, 0x1512);

    private readonly string _folderRealPath;
    private readonly string _source;

    internal DicomDirectoryRecord(long offset, DicomDataset dataset, ImmutableArray<DicomDirectoryRecord> children, string folderRealPath, string source)
    {
        Offset = offset;
        Dataset = dataset;
        Children = children;
        _folderRealPath = folderRealPath;
        _source = source;
        RecordType = dataset.GetFirstString(DirectoryRecordType) ?? "";
        ReferencedFileId = [.. dataset.GetStrings(ReferencedFileID)];
        ReferencedSopClassUid = dataset.GetFirstString(ReferencedSOPClassUIDInFile);
        ReferencedSopInstanceUid = dataset.GetFirstString(ReferencedSOPInstanceUIDInFile);
        ReferencedTransferSyntaxUid = dataset.GetFirstString(ReferencedTransferSyntaxUIDInFile);
    }

    /// <summary>Byte offset of the record's Item tag from the start of the DICOMDIR file (PS3.3 F.3.2.2).</summary>
    public long Offset { get; }

    /// <summary>Directory Record Type (0004,1430), e.g. PATIENT, STUDY, SERIES, IMAGE (PS3.3 F.5); empty if absent.</summary>
    public string RecordType { get; }

    /// <summary>The whole Directory Record item: Directory Elements (0004,14xx-15xx) and Record Selection Keys.</summary>
    public DicomDataset Dataset { get; }

    /// <summary>The in-use records of the lower-level Directory Entity, in the order of their offset chain.</summary>
    public ImmutableArray<DicomDirectoryRecord> Children { get; }

    /// <summary>Referenced File ID (0004,1500): the File ID components (PS3.10 8.2); empty when the record references no file.</summary>
    public ImmutableArray<string> ReferencedFileId { get; }

    public bool HasReferencedFile => !ReferencedFileId.IsEmpty;

    /// <summary>Referenced SOP Class UID in File (0004,1510).</summary>
    public string? ReferencedSopClassUid { get; }

    /// <summary>Referenced SOP Instance UID in File (0004,1511).</summary>
    public string? ReferencedSopInstanceUid { get; }

    /// <summary>Referenced Transfer Syntax UID in File (0004,1512).</summary>
    public string? ReferencedTransferSyntaxUid { get; }

    /// <summary>This record and all records below it, depth first, parents before children.</summary>
    public IEnumerable<DicomDirectoryRecord> DescendantsAndSelf()
    {
        var stack = new Stack<DicomDirectoryRecord>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var record = stack.Pop();
            yield return record;
            for (var i = record.Children.Length - 1; i >= 0; i--)
            {
                stack.Push(record.Children[i]);
            }
        }
    }

    /// <summary>
    /// The absolute path of the referenced file, which is always inside the DICOMDIR's folder. Components are
    /// checked against PS3.10 8.2 and 8.5 ("..", separators, drive letters and other characters are refused),
    /// symbolic links are followed and must stay inside the folder, and a component that does not exist
    /// with its exact name is matched ignoring case (media written on other systems).
    /// </summary>
    /// <exception cref="DicomFormatException">The File ID is invalid or leads outside the folder; the message names this record.</exception>
    /// <exception cref="FileNotFoundException">The File ID is valid but no such file exists.</exception>
    /// <exception cref="InvalidOperationException">The record references no file.</exception>
    public string ResolveReferencedFile()
    {
        if (!HasReferencedFile)
        {
            throw new InvalidOperationException($"{Describe()} references no file");
        }
        switch (FileIdResolver.TryResolve(_folderRealPath, ReferencedFileId, out var path, out var problem))
        {
            case FileIdResolver.Outcome.Found:
                return path;
            case FileIdResolver.Outcome.NotFound:
                throw new FileNotFoundException($"{Path.GetFileName(_source)}: {Describe()}: {problem}");
            default:
                throw new DicomFormatException($"{Describe()}: {problem}", Offset, ReferencedFileID, _source);
        }
    }

    public override string ToString() => Describe();

    /// <summary>Reads a UL Directory Element (also when read as UN from an implicit VR file): null when absent.</summary>
    internal static uint? GetOffset(DicomDataset dataset, DicomTag tag) =>
        dataset.GetBytes(tag) is { Length: >= 4 } bytes ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.Span) : null;

    /// <summary>Reads a US Directory Element (also when read as UN): null when absent.</summary>
    internal static ushort? GetUInt16(DicomDataset dataset, DicomTag tag) =>
        dataset.GetBytes(tag) is { Length: >= 2 } bytes ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.Span) : null;

    private string Describe() => $"{(RecordType.Length == 0 ? "untyped" : RecordType)} record at offset {Offset}";
}
