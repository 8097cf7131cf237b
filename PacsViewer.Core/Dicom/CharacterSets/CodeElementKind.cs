namespace PacsViewer.Core.Dicom.CharacterSets;

/// <summary>The graphic character sets that DICOM designates to G0 or G1 (PS3.3 Table C.12-3 and C.12-4).</summary>
internal enum CodeElementKind
{
    /// <summary>ISO 646 (ISO-IR 6) in G0.</summary>
    Ascii,

    /// <summary>JIS X 0201 Romaji (ISO-IR 14) in G0; read like ASCII so that 5CH stays the value delimiter.</summary>
    JisX0201Romaji,

    /// <summary>JIS X 0201 Katakana (ISO-IR 13) in G1.</summary>
    JisX0201Katakana,

    /// <summary>The right-hand part of an ISO 8859 (or TIS 620) 96-character set in G1.</summary>
    SingleByte,

    /// <summary>JIS X 0208 (ISO-IR 87) two-byte set in G0.</summary>
    JisX0208,

    /// <summary>JIS X 0212 (ISO-IR 159) two-byte set in G0.</summary>
    JisX0212,

    /// <summary>KS X 1001 (ISO-IR 149) two-byte set in G1.</summary>
    KsX1001,

    /// <summary>GB 2312 (ISO-IR 58) two-byte set in G1.</summary>
    Gb2312,

    /// <summary>Not a DICOM set: bytes 80H-FFH with nothing designated to G1 are read leniently as ISO 8859-1.</summary>
    Latin1Fallback,
}
