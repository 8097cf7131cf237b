using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Distribution.Upload;

/// <summary>
/// Checks one uploaded file before it is stored anywhere:
/// <list type="bullet">
/// <item>a Part 10 file (PS3.10 7.1): the "DICM" prefix after the 128-byte preamble, or at the start of the file (a
/// file written without its preamble, which our reader tolerates). A bare dataset without File Meta Information is
/// refused ("not a DICOM file: no DICM prefix"): its encoding could only be guessed, and a browser upload is a file
/// exchange, which PS3.10 says is Part 10;</item>
/// <item>the whole file parses with our reader (values over 64 KiB left in the file), so truncation and corruption are
/// found here, with the byte offset;</item>
/// <item>a known transfer syntax (PS3.6 Table A-1 / PS3.5 10);</item>
/// <item>SOP Class, SOP Instance, Study and Series Instance UIDs present and valid UIDs (PS3.5 9.1), the SOP class a
/// registered storage SOP class (PS3.4 B.5; a DICOMDIR is skipped: its files come on their own);</item>
/// <item>native pixel data at least as long as Rows x Columns x Samples per Pixel x Bits Allocated x Number of Frames
/// (PS3.5 8.1.1; YBR_FULL_422 holds two samples per pixel, PS3.3 C.7.6.3.1.2); encapsulated pixel data with at least
/// one fragment (PS3.5 A.4). Longer native data is accepted, as the frame reader does (trailing padding).</item>
/// </list>
/// </summary>
public static class UploadValidator
{
    private const int DeferThreshold = 64 * 1024;
    private const string MediaStorageDirectory = "1.2.840.10008.1.3.10";

    public static UploadValidation Validate(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var prefix = CheckPrefix(path);
        if (prefix is not null)
        {
            return UploadValidation.Invalid(prefix);
        }
        DicomFile file;
        try
        {
            file = DicomFile.Open(path, new DicomReaderOptions { DeferValuesLargerThan = DeferThreshold }, cancellationToken);
        }
        catch (DicomFormatException e)
        {
            return UploadValidation.Invalid(ReadFailure(e));
        }
        if (file.Layout == DicomFileLayout.NoFileMeta)
        {
            return UploadValidation.Invalid("not a DICOM file: no DICM prefix");
        }
        if (!file.TransferSyntax.IsKnown)
        {
            return UploadValidation.Invalid($"unknown transfer syntax {file.TransferSyntax.Uid}");
        }
        var ds = file.Dataset;
        var problems = new List<string>();
        var sopClass = Uid(ds, DicomTags.SOPClassUID, "SOP Class UID", problems);
        Uid(ds, DicomTags.SOPInstanceUID, "SOP Instance UID", problems);
        Uid(ds, DicomTags.StudyInstanceUID, "Study Instance UID", problems);
        Uid(ds, DicomTags.SeriesInstanceUID, "Series Instance UID", problems);
        if (sopClass == MediaStorageDirectory)
        {
            return new UploadValidation(null, "a DICOMDIR (the files it lists are uploaded on their own)", Skip: true);
        }
        if (sopClass is not null && !IsStorageSopClass(sopClass))
        {
            problems.Add($"SOP Class UID {sopClass} is not a storage SOP class");
        }
        if (problems.Count == 0 && PixelDataProblem(file) is { } pixels)
        {
            problems.Add(pixels);
        }
        return problems.Count == 0 ? UploadValidation.Valid(file) : UploadValidation.Invalid(string.Join("; ", problems));
    }

    /// <summary>A registered SOP class whose name says Storage (PS3.6 Table A-1), other than Storage Commitment and the DICOMDIR.</summary>
    public static bool IsStorageSopClass(string uid) =>
        DicomUidRegistry.TryGet(uid, out var entry)
        && entry.Type == DicomUidType.SopClass
        && entry.Name.Contains("Storage", StringComparison.Ordinal)
        && !entry.Name.Contains("Storage Commitment", StringComparison.Ordinal)
        && uid != MediaStorageDirectory;

    /// <summary>PS3.10 7.1: "DICM" at byte 128 (after the preamble) or, tolerated, at byte 0.</summary>
    private static string? CheckPrefix(string path)
    {
        Span<byte> head = stackalloc byte[132];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read: {e.Message}";
        }
        if (read == 0)
        {
            return "an empty file";
        }
        if (read >= 132 && IsDicm(head[128..132]))
        {
            return null;
        }
        return read >= 4 && IsDicm(head[..4]) ? null : "not a DICOM file: no DICM prefix";

        static bool IsDicm(ReadOnlySpan<byte> b) => b[0] == 'D' && b[1] == 'I' && b[2] == 'C' && b[3] == 'M';
    }

    /// <summary>The reader's problem without the staged file's name (a server-generated name means nothing to the user).</summary>
    private static string ReadFailure(DicomFormatException e)
    {
        var problem = e.Problem ?? e.Message;
        if (problem.Contains("ends before", StringComparison.Ordinal) || problem.Contains("beyond the end", StringComparison.Ordinal)
            || problem.Contains("truncated", StringComparison.Ordinal))
        {
            return e.Offset >= 0 ? $"truncated at byte {e.Offset}: {problem}" : $"truncated: {problem}";
        }
        var where = e.Offset >= 0 ? $" (at byte {e.Offset}{(e.Tag is { } tag ? $" in {tag}" : "")})" : "";
        return $"not a readable DICOM file: {problem}{where}";
    }

    private static string? Uid(DicomDataset ds, DicomTag tag, string name, List<string> problems)
    {
        var uid = ds.GetFirstString(tag)?.Trim('\0', ' ');
        if (string.IsNullOrEmpty(uid))
        {
            problems.Add($"missing {name}");
            return null;
        }
        if (!IndexedObject.IsValidUid(uid))
        {
            problems.Add($"{name} is not a valid UID (PS3.5 9.1)");
            return null;
        }
        return uid;
    }

    private static string? PixelDataProblem(DicomFile file)
    {
        var ds = file.Dataset;
        var element = ds[DicomTags.PixelData] ?? ds[DicomTags.FloatPixelData] ?? ds[DicomTags.DoubleFloatPixelData];
        if (element is null)
        {
            return null;
        }
        if (element is DicomFragmentSequence fragments)
        {
            return fragments.Fragments.Length == 0 ? "encapsulated Pixel Data has no fragments" : null;
        }
        if (file.TransferSyntax.IsEncapsulated && element.Tag == DicomTags.PixelData)
        {
            return $"Pixel Data is not encapsulated although the transfer syntax {file.TransferSyntax.Uid} requires it (PS3.5 A.4)";
        }
        if (!ds.TryGetInt32(DicomTags.Rows, out var rows) || !ds.TryGetInt32(DicomTags.Columns, out var columns)
            || !ds.TryGetInt32(DicomTags.BitsAllocated, out var bitsAllocated))
        {
            return "Pixel Data without Rows, Columns or Bits Allocated";
        }
        var samples = ds.GetInt32(DicomTags.SamplesPerPixel, 1);
        var frames = ds.GetInt32(DicomTags.NumberOfFrames, 1);
        if (rows <= 0 || columns <= 0 || bitsAllocated <= 0 || samples <= 0 || frames <= 0)
        {
            return $"Pixel Data with impossible dimensions ({rows} rows, {columns} columns, {samples} samples, {bitsAllocated} bits, {frames} frames)";
        }
        var samplesStored = samples == 3 && string.Equals(ds.GetFirstString(DicomTags.PhotometricInterpretation)?.Trim(), "YBR_FULL_422", StringComparison.Ordinal)
            ? 2.0 : samples;
        // PS3.5 8.1.1: native pixel cells packed with no padding between frames; bits rounded up to whole bytes at the end.
        var expectedBits = (decimal)rows * columns * (decimal)samplesStored * bitsAllocated * frames;
        var expected = (long)Math.Ceiling(expectedBits / 8);
        return element.Length < expected
            ? $"Pixel Data holds {element.Length} bytes; {frames} frame(s) of {columns} x {rows} x {samples} sample(s) x {bitsAllocated} bits need {expected}"
            : null;
    }
}
