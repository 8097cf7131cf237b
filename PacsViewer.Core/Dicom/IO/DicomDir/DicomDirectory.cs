using System.Collections.Immutable;
using System.Text;
using PacsViewer.Core.Dicom.CharacterSets;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Dicom.IO.DicomDir;

/// <summary>
/// A DICOMDIR (PS3.10 8.6; Basic Directory IOD, PS3.3 F.3) read into an immutable tree of its in-use
/// Directory Records. Records are linked by byte offsets (PS3.3 F.3.2.2), which are followed strictly: an
/// offset that does not land on a record, or a record reached twice (a cycle, or a lower level that points
/// back up), is a <see cref="DicomFormatException"/> naming the offset, never a loop.
/// </summary>
public sealed class DicomDirectory
{
    /// <summary>A DICOMDIR is read whole into memory; larger files are refused.</summary>
    public const long MaxFileSize = 1L << 30;

    /// <summary>PS3.3 F.4: PATIENT / STUDY / SERIES / IMAGE is four levels; this bounds hostile nesting.</summary>
    public const int MaxDepth = 16;

    private const string MediaStorageDirectoryStorage = "1.2.840.10008.1.3.10"; // PS3.4 Annex B: Basic Directory

    // Tags named by their keywords (PS3.3 Tables F.3-2 and F.3-3), until the generated dictionary is merged.
    private static readonly DicomTag FileSetID = new(0x0004, 0x1130);
    private static readonly DicomTag OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity = new(0x0004, 0x1200);
    private static readonly DicomTag DirectoryRecordSequence = new(0x0004, 0x1220);
    private static readonly DicomTag OffsetOfTheNextDirectoryRecord = new(0x0004, 0x1400);
    private static readonly DicomTag RecordInUseFlag = new(0x0004, 0x1410);
    private static readonly DicomTag OffsetOfReferencedLowerLevelDirectoryEntity = new(0x0004, 0x1420);

    private DicomDirectory(string filePath, string folderPath, DicomFile file, ImmutableArray<DicomDirectoryRecord> rootRecords, IReadOnlyList<string> warnings)
    {
        FilePath = filePath;
        FolderPath = folderPath;
        File = file;
        RootRecords = rootRecords;
        Warnings = warnings;
        FileSetId = file.Dataset.GetFirstString(FileSetID);
    }

    /// <summary>Full path of the DICOMDIR file.</summary>
    public string FilePath { get; }

    /// <summary>The folder that holds the DICOMDIR, with symbolic links resolved: every referenced file resolves inside it.</summary>
    public string FolderPath { get; }

    /// <summary>The DICOMDIR as a Part 10 file (File Meta Information and the whole dataset, records included).</summary>
    public DicomFile File { get; }

    /// <summary>File-set ID (0004,1130), null when empty.</summary>
    public string? FileSetId { get; }

    /// <summary>The in-use records of the Root Directory Entity (usually PATIENT records), in offset-chain order.</summary>
    public ImmutableArray<DicomDirectoryRecord> RootRecords { get; }

    /// <summary>Departures from PS3.10 / PS3.3 that did not stop the reading (the reader's own warnings included).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Every in-use record reachable from the root, depth first, parents before children.</summary>
    public IEnumerable<DicomDirectoryRecord> EnumerateRecords() => RootRecords.SelectMany(r => r.DescendantsAndSelf());

    /// <summary>Reads a DICOMDIR and links its records into a tree.</summary>
    /// <exception cref="DicomFormatException">Not a readable DICOMDIR, or its record offsets are broken.</exception>
    public static DicomDirectory Open(string path, CancellationToken cancellationToken = default)
    {
        var fullPath = Path.GetFullPath(path);
        var bytes = ReadAll(fullPath);
        var file = DicomFile.Read(bytes, DicomReaderOptions.Default, fullPath, cancellationToken);
        var warnings = new List<string>(file.Warnings);

        var syntax = file.TransferSyntax;
        if (syntax.IsDeflated)
        {
            throw new DicomFormatException("a deflated DICOMDIR cannot be read: its record offsets point into the compressed bytes", 0, DicomTags.TransferSyntaxUID, fullPath);
        }
        if (syntax != DicomTransferSyntax.ExplicitVRLittleEndian)
        {
            warnings.Add($"the DICOMDIR is encoded as {syntax.Name}; PS3.10 requires Explicit VR Little Endian");
        }
        var sopClass = file.FileMetaInformation.GetFirstString(DicomTags.MediaStorageSOPClassUID);
        if (sopClass is not null && sopClass != MediaStorageDirectoryStorage)
        {
            warnings.Add($"Media Storage SOP Class UID is {sopClass}, not Media Storage Directory Storage ({MediaStorageDirectoryStorage})");
        }

        var items = DirectoryRecordScanner.Scan(bytes, syntax, fullPath, out var itemsImplicit, cancellationToken);
        var datasets = RecordDatasets(file, bytes, items, itemsImplicit, syntax.IsBigEndian, fullPath, cancellationToken);
        var folder = FileIdResolver.RealPath(Path.GetDirectoryName(fullPath) ?? fullPath);
        var linker = new RecordLinker(items, datasets, bytes.Length, folder, fullPath, cancellationToken);

        var root = DicomDirectoryRecord.GetOffset(file.Dataset, OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity);
        if (root is null && items.Count > 0)
        {
            // Type 1 (PS3.3 Table F.3-3); without it the first record in the sequence is the best guess.
            warnings.Add("Offset of the First Directory Record of the Root Directory Entity (0004,1200) is missing: starting at the first record");
            root = (uint)items[0].Offset;
        }
        var rootRecords = linker.ReadEntity(root ?? 0, OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, -1, 0);
        var unreached = linker.UnreachedInUseCount();
        if (unreached > 0)
        {
            warnings.Add($"{unreached} in-use directory records are not reachable from the Root Directory Entity and were left out");
        }
        return new DicomDirectory(fullPath, folder, file, rootRecords, warnings);
    }

    private static byte[] ReadAll(string fullPath)
    {
        try
        {
            var length = new FileInfo(fullPath).Length;
            if (length > MaxFileSize)
            {
                throw new DicomFormatException($"the DICOMDIR is {length} bytes; at most {MaxFileSize} are read", 0, null, fullPath);
            }
            return System.IO.File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DicomFormatException($"{Path.GetFileName(fullPath)}: cannot open the file: {e.Message}", e);
        }
    }

    /// <summary>
    /// The dataset of each record item. Normally the reader has already parsed the Directory Record Sequence;
    /// if it could not know the element is a sequence (implicit VR with a defined length and no dictionary
    /// entry), each item is parsed from its own bytes, inheriting the DICOMDIR's character set (PS3.5 7.5.3).
    /// </summary>
    private static IReadOnlyList<DicomDataset> RecordDatasets(DicomFile file, byte[] bytes, IReadOnlyList<DirectoryRecordScanner.RecordItem> items,
        bool itemsImplicit, bool bigEndian, string source, CancellationToken cancellationToken)
    {
        var element = file.Dataset[DirectoryRecordSequence];
        if (element is DicomSequence sequence)
        {
            if (sequence.Items.Length != items.Count)
            {
                throw new DicomFormatException($"the Directory Record Sequence has {sequence.Items.Length} items but {items.Count} item headers were found", 0, DirectoryRecordSequence, source);
            }
            return sequence.Items;
        }
        if (element is null)
        {
            return items.Count == 0 ? [] : throw new DicomFormatException("Directory Record Sequence items found but the element was not read", items[0].Offset, DirectoryRecordSequence, source);
        }
        var syntax = itemsImplicit ? DicomTransferSyntax.ImplicitVRLittleEndian
            : bigEndian ? DicomTransferSyntax.ExplicitVRBigEndian : DicomTransferSyntax.ExplicitVRLittleEndian;
        var result = new DicomDataset[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result[i] = ParseItem(bytes, items[i], syntax, file.Dataset.CharacterSet, source, cancellationToken);
        }
        return result;
    }

    /// <summary>Parses one item's content by framing it as a Part 10 file that declares its transfer syntax.</summary>
    private static DicomDataset ParseItem(byte[] bytes, DirectoryRecordScanner.RecordItem item, DicomTransferSyntax syntax,
        DicomCharacterSet inherited, string source, CancellationToken cancellationToken)
    {
        var uid = Encoding.ASCII.GetBytes(syntax.Uid.Length % 2 == 0 ? syntax.Uid : syntax.Uid + "\0");
        var header = new byte[132 + 8 + uid.Length];
        "DICM"u8.CopyTo(header.AsSpan(128));
        var meta = header.AsSpan(132);
        meta[0] = 0x02; // (0002,0010) UI, explicit VR little endian (PS3.10 7.1)
        meta[2] = 0x10;
        meta[4] = (byte)'U';
        meta[5] = (byte)'I';
        meta[6] = (byte)uid.Length;
        uid.CopyTo(meta[8..]);
        var framed = new byte[header.Length + item.ContentLength];
        header.CopyTo(framed, 0);
        bytes.AsSpan(item.ContentStart, item.ContentLength).CopyTo(framed.AsSpan(header.Length));
        try
        {
            var parsed = DicomFile.Read(framed, DicomReaderOptions.Default, source, cancellationToken);
            return new DicomDataset(parsed.Dataset, inherited);
        }
        catch (DicomFormatException e) when (e.Offset >= header.Length)
        {
            throw new DicomFormatException(e.Problem ?? e.Message, item.ContentStart + e.Offset - header.Length, e.Tag, source, e);
        }
    }

    /// <summary>Follows the offset chains of PS3.3 F.3.2.2, visiting each record at most once.</summary>
    private sealed class RecordLinker(IReadOnlyList<DirectoryRecordScanner.RecordItem> items, IReadOnlyList<DicomDataset> datasets,
        long fileLength, string folder, string source, CancellationToken cancellationToken)
    {
        private readonly Dictionary<long, int> _indexByOffset = items.Select((item, i) => (item.Offset, i)).ToDictionary(p => (long)p.Offset, p => p.i);
        private readonly bool[] _visited = new bool[items.Count];

        /// <param name="first">Offset of the entity's first record; 0 for an empty entity.</param>
        /// <param name="pointer">The element that holds <paramref name="first"/>, for messages.</param>
        /// <param name="referrer">Offset of the record holding that element, or -1 for the DICOMDIR dataset.</param>
        public ImmutableArray<DicomDirectoryRecord> ReadEntity(long first, DicomTag pointer, long referrer, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new DicomFormatException($"directory entities nested deeper than {MaxDepth} levels", referrer, pointer, source);
            }
            var records = ImmutableArray.CreateBuilder<DicomDirectoryRecord>();
            var offset = first;
            while (offset != 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var index = Resolve(offset, pointer, referrer);
                var dataset = datasets[index];
                var next = DicomDirectoryRecord.GetOffset(dataset, OffsetOfTheNextDirectoryRecord) ?? 0;
                // PS3.3 F.3.2.2: Record In-use Flag 0000H marks an inactive record; it and its lower levels are skipped.
                if (DicomDirectoryRecord.GetUInt16(dataset, RecordInUseFlag) != 0x0000)
                {
                    var lower = DicomDirectoryRecord.GetOffset(dataset, OffsetOfReferencedLowerLevelDirectoryEntity) ?? 0;
                    var children = ReadEntity(lower, OffsetOfReferencedLowerLevelDirectoryEntity, offset, depth + 1);
                    records.Add(new DicomDirectoryRecord(offset, dataset, children, folder, source));
                }
                pointer = OffsetOfTheNextDirectoryRecord;
                referrer = offset;
                offset = next;
            }
            return records.ToImmutable();
        }

        public int UnreachedInUseCount() =>
            Enumerable.Range(0, items.Count).Count(i => !_visited[i] && DicomDirectoryRecord.GetUInt16(datasets[i], RecordInUseFlag) != 0x0000);

        private int Resolve(long offset, DicomTag pointer, long referrer)
        {
            var from = referrer < 0 ? "the DICOMDIR" : $"the record at offset {referrer}";
            if (!_indexByOffset.TryGetValue(offset, out var index))
            {
                var problem = offset >= fileLength
                    ? $"{pointer} of {from} is {offset}, beyond the end of the file ({fileLength} bytes)"
                    : $"{pointer} of {from} is {offset}, which is not the start of a Directory Record item";
                throw new DicomFormatException(problem, Math.Max(referrer, 0), pointer, source);
            }
            if (_visited[index])
            {
                throw new DicomFormatException(
                    $"{pointer} of {from} points to the record at offset {offset}, which was already reached: the record offsets form a cycle",
                    Math.Max(referrer, 0), pointer, source);
            }
            _visited[index] = true;
            return index;
        }
    }
}
