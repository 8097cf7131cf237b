using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Distribution.Send;

/// <summary>STOW-RS (PS3.18 10.5) to a DICOMweb destination, one request per batch.</summary>
internal sealed class DicomWebSendDestination(DicomWebStudySource destination) : SendDestination
{
    public override string Protocol => "STOW-RS";

    public override async Task<IReadOnlyList<SendOutcome>> StoreAsync(IReadOnlyList<DicomFile> files, CancellationToken cancellationToken)
    {
        var result = await destination.StoreManyAsync(files, cancellationToken).ConfigureAwait(false);
        var stored = result.StoredSopInstanceUids.ToHashSet(StringComparer.Ordinal);
        // PS3.18 10.5.3: the Failed SOP Sequence names each instance not stored, with its Failure Reason.
        var failed = result.Failures.Where(f => f.SopInstanceUid is not null)
            .GroupBy(f => f.SopInstanceUid!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return files.Select(file =>
        {
            var uid = file.SopInstanceUid ?? "";
            if (failed.TryGetValue(uid, out var failure))
            {
                return SendOutcome.Refused(failure.FailureReason is { } reason
                    ? "the destination refused it: " + StoreStatusText.Describe((ushort)reason)
                    : "the destination refused it (no failure reason given)");
            }
            return stored.Contains(uid)
                ? SendOutcome.Success
                : SendOutcome.Refused($"the destination's STOW-RS response (HTTP {result.StatusCode}) does not name this instance");
        }).ToArray();
    }
}
