using System.Collections.Immutable;

namespace PacsViewer.Core.Dicom;

/// <summary>A sequence of items (VR SQ, PS3.5 7.5). Each item is a dataset.</summary>
public sealed class DicomSequence : DicomElement
{
    public DicomSequence(DicomTag tag, IEnumerable<DicomDataset> items, string? privateCreator = null)
        : base(tag, DicomVR.SQ, privateCreator)
    {
        Items = [.. items];
    }

    public ImmutableArray<DicomDataset> Items { get; }

    /// <summary>Encoded length with defined-length items (8-byte item header + item content each).</summary>
    public override long Length => Items.Sum(i => 8 + i.EncodedLength);
}
