namespace PacsViewer.Core.Network.Dimse;

/// <summary>
/// One registration of a <see cref="MoveOriginatorRouter"/>: send the C-MOVE-RQ with <see cref="MessageId"/> as its
/// Message ID, and dispose this once the C-MOVE has completed (later sub-operations then take the durable path).
/// </summary>
public sealed class MoveRoute : IDisposable
{
    private readonly MoveOriginatorRouter _router;
    private int _disposed;

    internal MoveRoute(MoveOriginatorRouter router, string originatorAeTitle, ushort messageId)
    {
        _router = router;
        OriginatorAeTitle = originatorAeTitle;
        MessageId = messageId;
    }

    /// <summary>Our AE title, as the C-MOVE's calling AE title.</summary>
    public string OriginatorAeTitle { get; }

    /// <summary>The Message ID the C-MOVE-RQ must carry (unique among the routes open for this AE title).</summary>
    public ushort MessageId { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _router.Remove(this);
        }
    }
}
