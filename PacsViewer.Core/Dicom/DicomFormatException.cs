namespace PacsViewer.Core.Dicom;

/// <summary>
/// The data is not valid DICOM, or not DICOM at all. The message names where: the source (file name when
/// known), the byte offset and the tag being read.
/// </summary>
public sealed class DicomFormatException : Exception
{
    public DicomFormatException(string message) : base(message) { }

    public DicomFormatException(string message, Exception inner) : base(message, inner) { }

    public DicomFormatException(string problem, long offset, DicomTag? tag, string? source = null, Exception? inner = null)
        : base(Compose(problem, offset, tag, source), inner)
    {
        Offset = offset;
        Tag = tag;
        Source = source;
        Problem = problem;
    }

    /// <summary>Byte offset in the source (in the inflated data for deflated transfer syntaxes).</summary>
    public long Offset { get; } = -1;

    public DicomTag? Tag { get; }

    public new string? Source { get; }

    public string? Problem { get; }

    private static string Compose(string problem, long offset, DicomTag? tag, string? source)
    {
        var where = tag is { } t ? $"at offset {offset} in {t}" : $"at offset {offset}";
        return source is null ? $"{problem} ({where})" : $"{Path.GetFileName(source)}: {problem} ({where})";
    }
}
