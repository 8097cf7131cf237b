using System.Globalization;
using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Core.Distribution.Send;

/// <summary>
/// A C-STORE status or STOW-RS failure reason in words, for a failed item: the code and its meaning as PS3.4 B.2.3
/// (C-STORE statuses), PS3.7 Annex C (general statuses) and PS3.18 10.5.3 (STOW-RS uses the same codes) define them.
/// </summary>
internal static class StoreStatusText
{
    public static string Describe(ushort code)
    {
        var meaning = code switch
        {
            // PS3.4 B.2.3: C-STORE specific statuses, by their class (A7xx, A9xx, Cxxx) or exact code.
            >= 0xA700 and <= 0xA7FF => "Refused: Out of Resources",
            >= 0xA900 and <= 0xA9FF => "Error: Data Set does not match SOP Class",
            0xC122 => "Failure: Referenced Transfer Syntax not supported",
            >= 0xC000 and <= 0xCFFF => "Error: Cannot understand",
            0xB000 => "Warning: Coercion of Data Elements",
            0xB006 => "Warning: Elements Discarded",
            0xB007 => "Warning: Data Set does not match SOP Class",
            // PS3.7 C: general statuses a peer may answer to any request.
            0x0110 => "Failure: Processing failure",
            0x0111 => "Failure: Duplicate SOP Instance",
            0x0117 => "Failure: Invalid SOP Instance",
            0x0118 => "Failure: No such SOP Class",
            0x0122 => "Refused: SOP Class not supported",
            0x0124 => "Refused: Not authorized",
            0x0211 => "Failure: Unrecognized operation",
            0x0213 => "Failure: Resource limitation",
            _ => new DimseStatus(code).Category.ToString(),
        };
        return string.Create(CultureInfo.InvariantCulture, $"status 0x{code:X4} ({meaning})");
    }
}
