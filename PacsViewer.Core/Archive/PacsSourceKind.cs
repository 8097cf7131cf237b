namespace PacsViewer.Core.Archive;

/// <summary>How a configured study source is reached (configuration values are matched case-insensitively).</summary>
public enum PacsSourceKind
{
    /// <summary>A DICOMweb origin server (QIDO-RS, WADO-RS, STOW-RS; PS3.18 10) at <see cref="PacsSourceOptions.Url"/>.</summary>
    DicomWeb,

    /// <summary>A DIMSE peer (C-FIND/C-MOVE/C-GET/C-STORE; PS3.4, PS3.7) at an AE title, host and port.</summary>
    Dimse,

    /// <summary>The built-in archive.</summary>
    Archive,
}
