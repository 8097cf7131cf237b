namespace PacsViewer.Core.Dicom;

/// <summary>Static facts about each VR (PS3.5 6.2 and 7.1.2).</summary>
public static class DicomVRInfo
{
    /// <summary>Every VR of PS3.5 Table 6.2-1.</summary>
    public static IReadOnlyList<DicomVR> All { get; } =
    [
        DicomVR.AE, DicomVR.AS, DicomVR.AT, DicomVR.CS, DicomVR.DA, DicomVR.DS, DicomVR.DT, DicomVR.FD, DicomVR.FL,
        DicomVR.IS, DicomVR.LO, DicomVR.LT, DicomVR.OB, DicomVR.OD, DicomVR.OF, DicomVR.OL, DicomVR.OV, DicomVR.OW,
        DicomVR.PN, DicomVR.SH, DicomVR.SL, DicomVR.SQ, DicomVR.SS, DicomVR.ST, DicomVR.SV, DicomVR.TM, DicomVR.UC,
        DicomVR.UI, DicomVR.UL, DicomVR.UN, DicomVR.UR, DicomVR.US, DicomVR.UT, DicomVR.UV,
    ];

    /// <summary>Maps the two header bytes of an explicit VR element to a VR; false for anything not in Table 6.2-1.</summary>
    public static bool TryFromBytes(byte first, byte second, out DicomVR vr)
    {
        vr = (DicomVR)((first << 8) | second);
        return IsDefined(vr);
    }

    /// <summary>True for the VRs of Table 6.2-1 (a constant switch: no tables to build at start-up).</summary>
    public static bool IsDefined(DicomVR vr) => vr is DicomVR.AE or DicomVR.AS or DicomVR.AT or DicomVR.CS
        or DicomVR.DA or DicomVR.DS or DicomVR.DT or DicomVR.FD or DicomVR.FL or DicomVR.IS or DicomVR.LO
        or DicomVR.LT or DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.OW
        or DicomVR.PN or DicomVR.SH or DicomVR.SL or DicomVR.SQ or DicomVR.SS or DicomVR.ST or DicomVR.SV
        or DicomVR.TM or DicomVR.UC or DicomVR.UI or DicomVR.UL or DicomVR.UN or DicomVR.UR or DicomVR.US
        or DicomVR.UT or DicomVR.UV;

    public static bool TryParse(string? code, out DicomVR vr)
    {
        vr = DicomVR.None;
        return code is { Length: 2 } && TryFromBytes((byte)code[0], (byte)code[1], out vr);
    }

    public static string Code(this DicomVR vr) => vr == DicomVR.None ? "??" : string.Create(2, vr, static (s, v) =>
    {
        s[0] = (char)((ushort)v >> 8);
        s[1] = (char)((ushort)v & 0xFF);
    });

    /// <summary>PS3.5 7.1.2: these VRs have a 2-byte reserved field and a 32-bit length in explicit VR.</summary>
    public static bool HasLongLength(this DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL
        or DicomVR.OV or DicomVR.OW or DicomVR.SQ or DicomVR.SV or DicomVR.UC or DicomVR.UN or DicomVR.UR
        or DicomVR.UT or DicomVR.UV;

    /// <summary>Character string VRs, whose values are text (PS3.5 6.2).</summary>
    public static bool IsString(this DicomVR vr) => vr is DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA
        or DicomVR.DS or DicomVR.DT or DicomVR.IS or DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH
        or DicomVR.ST or DicomVR.TM or DicomVR.UC or DicomVR.UI or DicomVR.UR or DicomVR.UT;

    /// <summary>
    /// String VRs whose text is affected by Specific Character Set (PS3.5 6.1.2.3): SH, LO, UC, ST, LT, UT, PN.
    /// The others use the default repertoire only.
    /// </summary>
    public static bool UsesSpecificCharacterSet(this DicomVR vr) => vr is DicomVR.SH or DicomVR.LO or DicomVR.UC
        or DicomVR.ST or DicomVR.LT or DicomVR.UT or DicomVR.PN;

    /// <summary>Text VRs holding one value that may contain backslashes (PS3.5 6.2: LT, ST, UT, UR are single valued).</summary>
    public static bool IsSingleValuedText(this DicomVR vr) => vr is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR;

    /// <summary>Size in bytes of one binary value, 0 for strings, SQ and UN; used for byte swapping and value counts.</summary>
    public static int ValueSize(this DicomVR vr) => vr switch
    {
        DicomVR.AT => 4, // two 16-bit numbers, swapped as such (see ByteSwapUnit)
        DicomVR.FL or DicomVR.SL or DicomVR.UL or DicomVR.OF or DicomVR.OL => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.SV or DicomVR.UV or DicomVR.OV => 8,
        DicomVR.SS or DicomVR.US or DicomVR.OW => 2,
        DicomVR.OB => 1,
        _ => 0,
    };

    /// <summary>The unit in which big endian values must be swapped: 1 means no swap.</summary>
    public static int ByteSwapUnit(this DicomVR vr) => vr == DicomVR.AT ? 2 : Math.Max(1, vr.ValueSize());

    /// <summary>PS3.5 6.2: UI and binary values pad with NUL; strings pad with space.</summary>
    public static byte PaddingByte(this DicomVR vr) => vr is DicomVR.UI or DicomVR.OB or DicomVR.UN ? (byte)0 : (byte)' ';
}
