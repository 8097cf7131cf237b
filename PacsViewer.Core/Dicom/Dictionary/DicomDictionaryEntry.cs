namespace PacsViewer.Core.Dicom.Dictionary;

/// <summary>
/// One attribute of the data dictionary (PS3.6 clause 6 for public tags; a vendor's conformance statement for
/// private ones).
/// </summary>
/// <param name="Tag">
/// The tag with every masked bit cleared: (6000,3000) for the (60xx,3000) repeating group. For a private entry the
/// element holds only its low byte, since the high byte is the block a private creator reserved (PS3.5 7.8.1).
/// </param>
/// <param name="Mask">
/// Bits of a tag's 32-bit value that must equal <paramref name="Tag"/>; <see cref="ExactMask"/> for a single tag.
/// Repeating groups (PS3.5 7.6) such as 50xx and 60xx clear the varying group bits.
/// </param>
/// <param name="VR">The VR used when reading implicit VR.</param>
/// <param name="AlternateVR">The other VR PS3.6 allows ("US or SS", "OB or OW"), or <see cref="DicomVR.None"/>.</param>
/// <param name="Keyword">The PS3.6 keyword, without any "RETIRED_" prefix.</param>
/// <param name="Name">The human-readable attribute name.</param>
/// <param name="VM">Value Multiplicity as PS3.6 writes it: "1", "2-n", "1-n", "3-3n".</param>
/// <param name="Retired">True when PS3.6 lists the attribute as retired.</param>
/// <param name="PrivateCreator">The private creator (PS3.5 7.8.1) for a private entry; null for a public one.</param>
public sealed record DicomDictionaryEntry(
    DicomTag Tag,
    uint Mask,
    DicomVR VR,
    DicomVR AlternateVR,
    string Keyword,
    string Name,
    string VM,
    bool Retired,
    string? PrivateCreator = null)
{
    /// <summary>The mask of an entry that matches a single tag.</summary>
    public const uint ExactMask = 0xFFFFFFFF;

    /// <summary>True for a repeating group or element range entry.</summary>
    public bool IsRepeating => PrivateCreator is null ? Mask != ExactMask : (Mask & 0xFFFF0000) != 0xFFFF0000;

    /// <summary>True when <paramref name="tag"/> falls under this entry (ignoring the private creator).</summary>
    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Tag.Value;
}
