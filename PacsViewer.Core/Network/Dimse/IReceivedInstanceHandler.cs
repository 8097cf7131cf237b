namespace PacsViewer.Core.Network.Dimse;

/// <summary>
/// Takes over a received instance before the sender is told it succeeded (e.g. the archive moves the file into
/// its store and indexes it). Throwing makes the receiver answer a failure status and delete the file.
/// </summary>
public interface IReceivedInstanceHandler
{
    Task OnReceivedAsync(ReceivedInstance instance, CancellationToken cancellationToken);
}
