namespace PacsViewer.Core.Dicom;

/// <summary>An element whose value is bytes (little endian), possibly deferred to its source.</summary>
public sealed class DicomValueElement : DicomElement
{
    public DicomValueElement(DicomTag tag, DicomVR vr, DicomValueSource value, string? privateCreator = null)
        : base(tag, vr, privateCreator)
    {
        Value = value;
    }

    public DicomValueElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes, string? privateCreator = null)
        : this(tag, vr, DicomValueSource.FromMemory(bytes), privateCreator) { }

    public DicomValueSource Value { get; }

    public override long Length => Value.Length;

    /// <summary>The value bytes in little endian order (read from the source if deferred).</summary>
    public ReadOnlyMemory<byte> GetBytes() => Value.GetBytes();
}
