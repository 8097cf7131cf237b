using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Web.Archive;

/// <summary>
/// Hands each instance the receiver has made durable to the built-in archive (a rename from its incoming folder, then
/// indexing). A duplicate counts as stored; an object the archive refuses throws, so the sender is answered a failure
/// status (PS3.4 B.2.3). Logs carry UIDs and AE titles only.
/// </summary>
public sealed class ArchiveReceivedInstanceHandler(LocalArchive archive, ILogger<ArchiveReceivedInstanceHandler> logger) : IReceivedInstanceHandler
{
    public async Task OnReceivedAsync(ReceivedInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var result = await archive.AddIncomingFileAsync(instance.Path, cancellationToken);
        if (!result.IsInArchive)
        {
            logger.LogWarning("Refused instance {SopInstanceUid} from {CallingAeTitle}: {Outcome}", instance.SopInstanceUid, instance.CallingAeTitle, result.Outcome);
            throw new InvalidDataException($"the archive refused instance {instance.SopInstanceUid} ({result.Outcome})");
        }
        logger.LogDebug("Archived instance {SopInstanceUid} from {CallingAeTitle} ({Outcome})", instance.SopInstanceUid, instance.CallingAeTitle, result.Outcome);
    }
}
