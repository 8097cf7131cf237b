namespace PacsViewer.Core.Distribution;

/// <summary>What a <see cref="TransferJob"/> does; each kind has one <see cref="ITransferJobHandler"/>.</summary>
public enum TransferJobKind
{
    /// <summary>
    /// A study or series sent to another configured destination: C-STORE (DIMSE destination) or STOW-RS (DICOMweb
    /// destination) of objects read from the built-in archive or the retrieval cache, or a C-MOVE request asking the
    /// source PACS to send them itself.
    /// </summary>
    Send,

    /// <summary>A study or series written as a ZIP with a DICOMDIR, optionally de-identified (PS3.15 Annex E).</summary>
    Export,

    /// <summary>Files uploaded from a browser (or a ZIP of them), validated, then stored in the built-in archive or a PACS.</summary>
    Upload,
}
