namespace PacsViewer.Core.Dicom.IO;

/// <summary>Exposes the rest of a <see cref="DicomByteReader"/> as a read-only stream (input to the inflater).</summary>
internal sealed class ByteReaderStream(DicomByteReader reader) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => reader.Position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => reader.ReadSome(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => reader.ReadSome(buffer);

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
