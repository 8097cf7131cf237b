using PacsViewer.Core.Dicom;

namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>
/// The answer to a STOW-RS request (PS3.18 10.5.3): which instances were stored (Referenced SOP Sequence) and which
/// were not (Failed SOP Sequence), with the response dataset itself.
/// </summary>
public sealed record StowResult(int StatusCode, DicomDataset Response, IReadOnlyList<string> StoredSopInstanceUids, IReadOnlyList<StowFailure> Failures)
{
    /// <summary>True when the server stored every instance it was sent.</summary>
    public bool AllStored => Failures.Count == 0 && StatusCode is 200;
}
