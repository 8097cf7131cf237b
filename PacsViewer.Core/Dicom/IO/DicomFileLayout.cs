namespace PacsViewer.Core.Dicom.IO;

/// <summary>What framing the file had around its dataset.</summary>
public enum DicomFileLayout
{
    /// <summary>128-byte preamble, "DICM", File Meta Information (PS3.10 7.1).</summary>
    Part10,

    /// <summary>"DICM" and File Meta Information without the preamble.</summary>
    NoPreamble,

    /// <summary>A bare dataset with neither preamble nor File Meta Information; the encoding was detected.</summary>
    NoFileMeta,
}
