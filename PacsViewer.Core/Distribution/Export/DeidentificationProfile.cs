using System.Collections.Frozen;
using PacsViewer.Core.Dicom;

namespace PacsViewer.Core.Distribution.Export;

/// <summary>
/// The attributes of PS3.15 Annex E Table E.1-1 that occur in image objects, with the action of the Basic Application
/// Level Confidentiality Profile (PS3.15 E.2). Where the table offers a choice (X/Z, X/D, Z/D, X/Z/D) the least
/// revealing one that keeps the object valid is taken: X where allowed, else Z, else D. UIDs (U) are not listed: every
/// UI value that is not a registered UID of PS3.6 Annex A is replaced (<see cref="Deidentifier"/>), which covers the
/// table's U rows and any UID the table does not name. Private attributes, overlays and curves are removed by rule.
/// </summary>
public static class DeidentificationProfile
{
    private static readonly (uint Tag, DeidentificationAction Action)[] Rows =
    [
        // General Study, Patient Study, General Series, General Equipment (PS3.15 Table E.1-1).
        (0x00080012, X), (0x00080013, X), (0x00080015, X), (0x00080020, Z), (0x00080021, X), (0x00080022, X),
        (0x00080023, Z), (0x00080024, X), (0x00080025, X), (0x0008002A, X), (0x00080030, Z), (0x00080031, X),
        (0x00080032, X), (0x00080033, Z), (0x00080034, X), (0x00080035, X), (0x00080050, Z), (0x00080080, X),
        (0x00080081, X), (0x00080082, X), (0x00080090, Z), (0x00080092, X), (0x00080094, X), (0x00080096, X),
        (0x0008009C, Z), (0x0008009D, X), (0x00080201, X), (0x00081010, X), (0x00081030, X), (0x00081032, X),
        (0x0008103E, X), (0x00081040, X), (0x00081048, X), (0x00081049, X), (0x00081050, X), (0x00081052, X),
        (0x00081060, X), (0x00081062, X), (0x00081070, X), (0x00081072, X), (0x00081080, X), (0x00081084, X),
        (0x00081110, X), (0x00081111, X), (0x00081120, X), (0x00082111, X), (0x00084000, X),
        // Patient (PS3.15 Table E.1-1): name and ID are then set to the pseudonym by the de-identifier.
        (0x00100010, Z), (0x00100020, Z), (0x00100021, X), (0x00100022, X), (0x00100024, X), (0x00100030, Z),
        (0x00100032, X), (0x00100033, X), (0x00100034, X), (0x00100035, X), (0x00100040, Z), (0x00100050, X),
        (0x00100101, X), (0x00100102, X), (0x00101000, X), (0x00101001, X), (0x00101002, X), (0x00101005, X),
        (0x00101010, X), (0x00101020, X), (0x00101030, X), (0x00101040, X), (0x00101050, X), (0x00101060, X),
        (0x00101080, X), (0x00101081, X), (0x00101090, X), (0x00102000, X), (0x00102110, X), (0x00102150, X),
        (0x00102152, X), (0x00102154, X), (0x00102160, X), (0x00102180, X), (0x001021A0, X), (0x001021B0, X),
        (0x001021C0, X), (0x001021F0, X), (0x00102203, X), (0x00104000, X),
        // Acquisition and device identity.
        (0x00180010, Z), (0x00181000, X), (0x00181002, ReplaceUidRow), (0x00181004, X), (0x00181005, X),
        (0x00181007, X), (0x00181008, X), (0x00181030, X), (0x00181200, X), (0x00181201, X), (0x00181400, X),
        (0x00184000, X), (0x0018700A, X), (0x00189424, X), (0x00189516, X), (0x00189517, X), (0x0018A002, X),
        (0x0018A003, X),
        // Study and frame identification, comments.
        (0x00200010, Z), (0x00203401, X), (0x00203404, X), (0x00204000, X), (0x00209158, X), (0x00284000, X),
        // Requests, visits, procedure steps.
        (0x00320012, X), (0x00321030, X), (0x00321032, X), (0x00321033, X), (0x00321060, X), (0x00321064, X),
        (0x00321070, X), (0x00324000, X), (0x00380010, X), (0x00380060, X), (0x00380062, X), (0x00380300, X),
        (0x00380400, X), (0x00380500, X), (0x00384000, X), (0x00400001, X), (0x00400002, X), (0x00400003, X),
        (0x00400004, X), (0x00400005, X), (0x00400006, X), (0x00400007, X), (0x00400009, X), (0x00400010, X),
        (0x00400011, X), (0x00400012, X), (0x00400241, X), (0x00400242, X), (0x00400243, X), (0x00400244, X),
        (0x00400245, X), (0x00400250, X), (0x00400251, X), (0x00400253, X), (0x00400254, X), (0x00400275, X),
        (0x00400280, X), (0x00400555, X), (0x00401001, X), (0x00401010, X), (0x00401400, X), (0x00402001, X),
        (0x00402016, Z), (0x00402017, Z), (0x00402400, X), (0x00403001, X), (0x00404036, X), (0x00404037, X),
        // Observers and content (SR, presentation states).
        (0x0040A027, X), (0x0040A073, D), (0x0040A075, D), (0x0040A088, Z), (0x0040A123, D), (0x0040A730, X),
        (0x00700084, Z),
        // Digital signatures and the original attributes they protect.
        (0x04000100, X), (0x04000402, X), (0x04000403, X), (0x04000404, X), (0x04000561, X), (0xFFFAFFFA, X),
    ];

    private const DeidentificationAction X = DeidentificationAction.Remove;
    private const DeidentificationAction Z = DeidentificationAction.Zero;
    private const DeidentificationAction D = DeidentificationAction.Dummy;
    private const DeidentificationAction ReplaceUidRow = DeidentificationAction.ReplaceUid;

    private static readonly FrozenDictionary<uint, DeidentificationAction> Table = Rows.ToFrozenDictionary(r => r.Tag, r => r.Action);

    /// <summary>The number of attributes listed (for the README and the tests).</summary>
    public static int Count => Table.Count;

    /// <summary>The action for one attribute; <see cref="DeidentificationAction.Keep"/> for those the profile does not list.</summary>
    public static DeidentificationAction ActionFor(DicomTag tag)
    {
        if (tag.IsPrivate)
        {
            return DeidentificationAction.Remove; // PS3.15 E.3.10: private attributes removed unless retained by an option
        }
        if ((tag.Group & 0xFF00) is 0x5000 or 0x6000)
        {
            // Curve Data (50xx,xxxx) X; Overlay Data (60xx,3000) and Overlay Comments (60xx,4000) X. The overlay's
            // geometry is harmless but useless without its data, so the whole overlay group goes.
            return DeidentificationAction.Remove;
        }
        return Table.TryGetValue(tag.Value, out var action) ? action : DeidentificationAction.Keep;
    }
}
