using System.Text;

namespace PacsViewer.Core.Dicom.CharacterSets;

/// <summary>
/// One Defined Term of Specific Character Set (PS3.3 C.12.1.1.2).
/// <paramref name="WholeValue"/> is set for the terms without code extensions whose values are decoded in one piece
/// (single-byte ISO_IR terms, ISO_IR 192, GB18030, GBK); the G0/G1 elements are what the term contributes to
/// ISO 2022 code extension.
/// </summary>
internal sealed record CharacterSetTerm(
    string Term,
    bool IsCodeExtension,
    CodeElement? G0,
    CodeElement? G1,
    Lazy<Encoding>? WholeValue)
{
    /// <summary>UTF-8, GB18030 and GBK cannot be combined with code extensions (PS3.3 C.12.1.1.2, PS3.5 Annex J).</summary>
    public bool IsMultiByteWithoutExtensions => WholeValue is not null && G1 is null;
}
