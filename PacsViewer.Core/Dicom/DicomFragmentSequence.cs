using System.Buffers.Binary;
using System.Collections.Immutable;

namespace PacsViewer.Core.Dicom;

/// <summary>
/// Encapsulated pixel data (PS3.5 A.4): a Basic Offset Table item followed by fragments. Kept as read, not
/// decoded; the Extended Offset Table (7FE0,0001), when present, is an ordinary element of the dataset.
/// </summary>
public sealed class DicomFragmentSequence : DicomElement
{
    public DicomFragmentSequence(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> basicOffsetTable,
        IEnumerable<DicomValueSource> fragments, string? privateCreator = null)
        : base(tag, vr, privateCreator)
    {
        BasicOffsetTableBytes = basicOffsetTable;
        Fragments = [.. fragments];
    }

    /// <summary>The raw Basic Offset Table item value (may be empty).</summary>
    public ReadOnlyMemory<byte> BasicOffsetTableBytes { get; }

    /// <summary>The Basic Offset Table as 32-bit offsets from the first byte of the first fragment item.</summary>
    public IReadOnlyList<uint> BasicOffsetTable
    {
        get
        {
            var span = BasicOffsetTableBytes.Span;
            var result = new uint[span.Length / 4];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = BinaryPrimitives.ReadUInt32LittleEndian(span[(i * 4)..]);
            }
            return result;
        }
    }

    public ImmutableArray<DicomValueSource> Fragments { get; }

    public override long Length => 8 + BasicOffsetTableBytes.Length + Fragments.Sum(f => 8 + f.Length);
}
