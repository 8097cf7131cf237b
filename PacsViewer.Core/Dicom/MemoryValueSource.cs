namespace PacsViewer.Core.Dicom;

/// <summary>A value held in memory.</summary>
public sealed class MemoryValueSource(ReadOnlyMemory<byte> bytes) : DicomValueSource
{
    public override long Length => bytes.Length;

    public override bool IsDeferred => false;

    public override ReadOnlyMemory<byte> GetBytes() => bytes;

    public override void CopyTo(Stream destination, CancellationToken cancellationToken) => destination.Write(bytes.Span);

    public override void CopyTo(long offset, Span<byte> destination)
    {
        CheckRange(offset, destination.Length, bytes.Length);
        bytes.Span.Slice((int)offset, destination.Length).CopyTo(destination);
    }

    public override Task CopyToAsync(Stream destination, CancellationToken cancellationToken) =>
        destination.WriteAsync(bytes, cancellationToken).AsTask();
}
