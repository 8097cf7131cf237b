using System.IO.Compression;
using System.Text;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Dicom.IO;

/// <summary>
/// Reads Part 10 files and bare datasets (PS3.10 7.1, PS3.5 7). Framing and format detection live here;
/// the element grammar is in DicomFileReader.Elements.cs.
/// </summary>
internal sealed partial class DicomFileReader
{
    private static readonly DicomTag TrailingPaddingTag = new(0xFFFC, 0xFFFC); // PS3.10 7.2 Data Set Trailing Padding

    private readonly DicomReaderOptions _options;
    private readonly string? _source;
    private readonly string? _deferPath;
    private readonly CancellationToken _cancellationToken;
    private readonly List<string> _warnings = [];
    private DicomByteReader _reader;
    private bool _stoppedBeforePixelData;

    // The element (or fragment) whose bytes are being read, so that a failure deep in the byte reader
    // (end of data, inflate error) can still name the tag and the offset where that element starts.
    private DicomTag? _currentTag;
    private long _currentStart;

    private DicomFileReader(DicomByteReader reader, DicomReaderOptions options, string? source, string? deferPath, CancellationToken cancellationToken)
    {
        _reader = reader;
        _options = options;
        _source = source;
        _deferPath = deferPath;
        _cancellationToken = cancellationToken;
    }

    public static DicomFile ReadFile(string path, DicomReaderOptions options, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DicomFormatException($"{Path.GetFileName(path)}: cannot open the file: {e.Message}", e);
        }
        using (stream)
        {
            var deferPath = options.DeferValuesLargerThan > 0 ? Path.GetFullPath(path) : null;
            using var bytes = new DicomByteReader(stream, stream.Length);
            return new DicomFileReader(bytes, options, path, deferPath, cancellationToken).Read();
        }
    }

    public static DicomFile ReadStream(Stream stream, DicomReaderOptions options, string? sourceName, CancellationToken cancellationToken)
    {
        var length = stream.CanSeek ? stream.Length : -1;
        using var bytes = new DicomByteReader(stream, length);
        return new DicomFileReader(bytes, options, sourceName, null, cancellationToken).Read();
    }

    /// <summary>
    /// A bare dataset in a known transfer syntax, with no preamble or File Meta Information: a DIMSE command set
    /// (PS3.7 6.3.1, always implicit VR little endian) or the data set of a DIMSE message (PS3.7 6.3.2).
    /// </summary>
    public static DicomDataset ReadBareDataset(Stream stream, DicomTransferSyntax syntax, DicomReaderOptions options, string? sourceName, CancellationToken cancellationToken)
    {
        if (syntax.IsDeflated)
        {
            throw new DicomFormatException($"reading a bare {syntax.Name} dataset is not supported", 0, null, sourceName);
        }
        var length = stream.CanSeek ? stream.Length - stream.Position : -1;
        using var bytes = new DicomByteReader(stream, length);
        var reader = new DicomFileReader(bytes, options, sourceName, null, cancellationToken);
        return reader.Read(() => reader.ReadDataset(DicomDataset.Empty, syntax, DicomFileLayout.NoFileMeta)).Dataset;
    }

    private DicomFile Read() => Read(ReadCore);

    private DicomFile Read(Func<DicomFile> core)
    {
        try
        {
            return core();
        }
        catch (EndOfStreamException e)
        {
            throw _currentTag is { } tag
                ? new DicomFormatException("the data ends before the element does (truncated file or a length beyond the data)", _currentStart, tag, _source, e)
                : Fail("the data ends before the element does (truncated file or a length beyond the data)", null, e);
        }
        catch (InvalidDataException e)
        {
            // Offset in the inflated data (PS3.5 A.5); the tag is the element being read when inflating failed.
            throw Fail($"cannot inflate the deflated data: {e.Message}", _currentTag, e);
        }
        catch (IOException e)
        {
            throw Fail($"read error: {e.Message}", _currentTag, e);
        }
    }

    private DicomFile ReadCore()
    {
        var layout = DetectLayout();
        DicomDataset meta = DicomDataset.Empty;
        DicomTransferSyntax syntax;
        if (layout == DicomFileLayout.NoFileMeta)
        {
            syntax = DetectDatasetEncoding(out var problem) ?? throw Fail(problem, null);
            _warnings.Add($"no File Meta Information: dataset read as {syntax.Name}");
        }
        else
        {
            meta = ReadFileMeta();
            var uid = meta.GetFirstString(DicomTags.TransferSyntaxUID);
            if (uid is null)
            {
                syntax = DetectDatasetEncoding(out var problem) ?? throw Fail("File Meta Information has no Transfer Syntax UID and " + problem, null);
                _warnings.Add($"File Meta Information has no Transfer Syntax UID: dataset read as {syntax.Name}");
            }
            else
            {
                syntax = DicomTransferSyntax.FromUid(uid);
                syntax = CheckDeclaredEncoding(syntax);
            }
        }

        if (syntax.IsDeflated)
        {
            // PS3.5 A.5: everything after the File Meta Information is a raw deflate stream.
            using var inflated = new BoundedReadStream(new DeflateStream(new ByteReaderStream(_reader), CompressionMode.Decompress), _options.MaxInflatedBytes);
            using (_reader = new DicomByteReader(inflated, -1))
            {
                return ReadDataset(meta, syntax, layout);
            }
        }
        return ReadDataset(meta, syntax, layout);
    }

    private DicomFile ReadDataset(DicomDataset meta, DicomTransferSyntax syntax, DicomFileLayout layout)
    {
        var context = new LevelContext(!syntax.IsExplicitVR, syntax.IsBigEndian, 0, syntax.IsDeflated ? null : _deferPath);
        var elements = ReadElements(context, -1, topLevel: true);
        var dataset = new DicomDataset(elements);
        return new DicomFile(meta, dataset, syntax, layout, _warnings.ToArray(), _stoppedBeforePixelData);
    }

    /// <summary>
    /// PS3.10 7.1: 128-byte preamble then "DICM"; tolerate "DICM" at 0, or a bare dataset. "DICM" at offset 128
    /// that is not followed by group 0002 while the file starts like a data element is a value inside a bare
    /// dataset, not a prefix.
    /// </summary>
    private DicomFileLayout DetectLayout()
    {
        if (_reader.Ensure(132) && IsDicm(_reader.Peek(132)[128..]))
        {
            var metaFollows = _reader.Ensure(134) && _reader.Peek(134)[132] == 0x02 && _reader.Peek(134)[133] == 0x00;
            if (metaFollows || !StartsLikeDataElement(_reader.Peek(8)))
            {
                _reader.Skip(132);
                return DicomFileLayout.Part10;
            }
        }
        if (_reader.Ensure(4) && IsDicm(_reader.Peek(4)))
        {
            _reader.Skip(4);
            return DicomFileLayout.NoPreamble;
        }
        if (_reader.Ensure(2) && _reader.Peek(2)[0] == 0x02 && _reader.Peek(2)[1] == 0x00)
        {
            _warnings.Add("no preamble and no DICM prefix before the File Meta Information");
            return DicomFileLayout.NoPreamble;
        }
        return DicomFileLayout.NoFileMeta;

        static bool IsDicm(ReadOnlySpan<byte> b) => b[0] == 'D' && b[1] == 'I' && b[2] == 'C' && b[3] == 'M';

    }

    /// <summary>
    /// A plausible first group followed by an explicit VR code (LE or BE), or by an implicit VR length that fits
    /// the data: a preamble (zeros, a TIFF header) is not.
    /// </summary>
    private bool StartsLikeDataElement(ReadOnlySpan<byte> h)
    {
        var groupLE = (ushort)(h[0] | (h[1] << 8));
        var hasVR = DicomVRInfo.TryFromBytes(h[4], h[5], out _);
        var implicitLength = (uint)(h[4] | (h[5] << 8) | (h[6] << 16) | (h[7] << 24));
        return (IsPlausibleFirstGroup(groupLE) && (hasVR || implicitLength <= _reader.Remaining))
            || (IsPlausibleFirstGroup((ushort)((h[0] << 8) | h[1])) && hasVR);
    }

    private static bool IsPlausibleFirstGroup(ushort group) => group is >= 0x0002 and <= 0x0028 && group % 2 == 0;

    /// <summary>Group 0002 is always explicit VR little endian (PS3.10 7.1); read while the group is 0002.</summary>
    private DicomDataset ReadFileMeta()
    {
        var context = new LevelContext(false, false, 0, null);
        var elements = new List<DicomElement>();
        while (_reader.Ensure(8))
        {
            var group = (ushort)(_reader.Peek(2)[0] | (_reader.Peek(2)[1] << 8));
            if (group != 0x0002)
            {
                break;
            }
            var element = ReadElement(context, null, out _);
            if (element is not null)
            {
                elements.Add(element);
            }
        }
        if (elements.Count == 0)
        {
            throw Fail("DICM prefix present but no File Meta Information (group 0002) follows", null);
        }
        return new DicomDataset(elements);
    }

    /// <summary>
    /// A dataset without File Meta: decide between implicit VR LE, explicit VR LE and explicit VR BE from the
    /// first element header, as a reader of ACR-NEMA style files must.
    /// </summary>
    private DicomTransferSyntax? DetectDatasetEncoding(out string problem)
    {
        problem = "not a DICOM file: no DICM prefix and no recognisable data element at the start";
        if (!_reader.Ensure(8))
        {
            if (_reader.Available == 0)
            {
                problem = _reader.Position == 0 ? "the file is empty" : "no data set follows the File Meta Information";
            }
            return null;
        }
        var h = _reader.Peek(8);
        var groupLE = (ushort)(h[0] | (h[1] << 8));
        var groupBE = (ushort)((h[0] << 8) | h[1]);
        var hasVR = DicomVRInfo.TryFromBytes(h[4], h[5], out _);
        if (IsPlausibleFirstGroup(groupLE))
        {
            if (hasVR)
            {
                return DicomTransferSyntax.ExplicitVRLittleEndian;
            }
            var length = (uint)(h[4] | (h[5] << 8) | (h[6] << 16) | (h[7] << 24));
            return length <= _reader.Remaining ? DicomTransferSyntax.ImplicitVRLittleEndian : null;
        }
        if (IsPlausibleFirstGroup(groupBE) && hasVR)
        {
            return DicomTransferSyntax.ExplicitVRBigEndian;
        }
        return null;
    }

    /// <summary>Some writers declare explicit VR but write implicit (or the reverse): follow the data, with a warning.</summary>
    private DicomTransferSyntax CheckDeclaredEncoding(DicomTransferSyntax declared)
    {
        if (declared.IsDeflated || declared.IsBigEndian || !_reader.Ensure(8))
        {
            return declared;
        }
        var h = _reader.Peek(8);
        var hasVR = DicomVRInfo.TryFromBytes(h[4], h[5], out _);
        if (declared.IsExplicitVR && !hasVR && h[4] + h[5] != 0)
        {
            _warnings.Add($"transfer syntax {declared.Uid} declares explicit VR but the dataset is implicit VR: read as implicit");
            return DicomTransferSyntax.ImplicitVRLittleEndian;
        }
        if (!declared.IsExplicitVR && hasVR)
        {
            var length = (uint)(h[4] | (h[5] << 8) | (h[6] << 16) | (h[7] << 24));
            if (length > _reader.Remaining)
            {
                _warnings.Add("transfer syntax declares implicit VR but the dataset is explicit VR: read as explicit");
                return DicomTransferSyntax.ExplicitVRLittleEndian;
            }
        }
        return declared;
    }

    private DicomFormatException Fail(string problem, DicomTag? tag, Exception? inner = null) =>
        new(problem, _reader.Position, tag, _source, inner);

    private DicomFormatException Fail(string problem, DicomTag? tag, long offset) =>
        new(problem, offset, tag, _source);

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes).TrimEnd(' ', '\0');
}
