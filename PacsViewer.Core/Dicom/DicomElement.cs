namespace PacsViewer.Core.Dicom;

/// <summary>
/// One data element (PS3.5 7.1): a tag, a VR and a value. Immutable. Three kinds exist: a plain value
/// (<see cref="DicomValueElement"/>), a sequence of items (<see cref="DicomSequence"/>) and encapsulated
/// pixel data (<see cref="DicomFragmentSequence"/>).
/// </summary>
public abstract class DicomElement
{
    protected DicomElement(DicomTag tag, DicomVR vr, string? privateCreator)
    {
        Tag = tag;
        VR = vr;
        PrivateCreator = privateCreator;
    }

    public DicomTag Tag { get; }

    public DicomVR VR { get; }

    /// <summary>For a private data element, the private creator that reserved its block (PS3.5 7.8.1).</summary>
    public string? PrivateCreator { get; }

    /// <summary>The value length in bytes as it would be encoded (items and fragments included).</summary>
    public abstract long Length { get; }

    public override string ToString() => $"{Tag} {VR.Code()} ({Length} bytes)";
}
