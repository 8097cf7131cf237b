namespace PacsViewer.DictionaryGenerator;

/// <summary>Maps dcmtk's dictionary VR codes to a primary and an alternate VR of PS3.5 Table 6.2-1.</summary>
internal static class VRMap
{
    private static readonly HashSet<string> Standard =
    [
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
        "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
    ];

    /// <summary>
    /// dcmtk writes PS3.6's "US or SS" as xs, "OB or OW" as ox (px for Pixel Data), "US or OW" / "US or SS or OW"
    /// (LUT data) as lt, UL offsets into a DICOMDIR as up, and "no VR" (items, delimiters) as na. The primary VR is
    /// the one implicit VR reading uses (PS3.5 A.1: OW for LUT Data, OB for Pixel Data of unknown bit depth).
    /// </summary>
    public static (string Primary, string Alternate) Map(string code) => code switch
    {
        "xs" => ("US", "SS"),
        "ox" or "px" => ("OB", "OW"),
        "lt" => ("OW", "US"),
        "up" => ("UL", ""),
        "na" => ("", ""),
        _ when Standard.Contains(code) => (code, ""),
        _ => throw new FormatException($"Unknown VR code '{code}' in the dictionary."),
    };
}
