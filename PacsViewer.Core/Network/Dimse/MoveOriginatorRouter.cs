namespace PacsViewer.Core.Network.Dimse;

/// <summary>
/// Routes to a <see cref="MoveSubOperationTarget"/> the C-STORE sub-operations a PACS sends for one of our own C-MOVEs,
/// recognised by the Move Originator Application Entity Title and Move Originator Message ID of the C-STORE-RQ
/// (PS3.7 9.1.1.1, 9.3.1.1; PS3.4 C.4.2.3.1: the SCP sets them to the C-MOVE's calling AE title and Message ID).
/// A receiver given this router (<see cref="StoreScpOptions.MoveRouter"/>) writes such an object without an fsync
/// and answers once it is complete and handed over; every other C-STORE takes the durable path. One instance is
/// shared by the receiver and the C-MOVE requesters of a process. Thread-safe.
/// </summary>
public sealed class MoveOriginatorRouter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Ae, ushort Id), (MoveRoute Route, MoveSubOperationTarget Target)> _routes = [];
    private ushort _lastId;

    /// <summary>Routes currently open.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _routes.Count;
            }
        }
    }

    /// <summary>
    /// Opens a route for a C-MOVE that <paramref name="originatorAeTitle"/> is about to send: the returned route's
    /// <see cref="MoveRoute.MessageId"/> is the Message ID to send it with. Throws when 65535 routes are open already.
    /// </summary>
    public MoveRoute Open(string originatorAeTitle, MoveSubOperationTarget target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(originatorAeTitle);
        ArgumentNullException.ThrowIfNull(target);
        var ae = originatorAeTitle.Trim();
        lock (_gate)
        {
            for (var attempt = 0; attempt < ushort.MaxValue; attempt++)
            {
                _lastId = (ushort)(_lastId == ushort.MaxValue ? 1 : _lastId + 1); // 0 is never used
                if (!_routes.ContainsKey((ae, _lastId)))
                {
                    var route = new MoveRoute(this, ae, _lastId);
                    _routes.Add((ae, _lastId), (route, target));
                    return route;
                }
            }
        }
        throw new InvalidOperationException($"every Message ID is in use by an open C-MOVE of {ae}");
    }

    /// <summary>The target of a C-STORE-RQ's move originator, when it names an open route and comes from its sender.</summary>
    internal MoveSubOperationTarget? Find(string? originatorAeTitle, int? originatorMessageId, string callingAeTitle)
    {
        if (string.IsNullOrWhiteSpace(originatorAeTitle) || originatorMessageId is not (> 0 and <= ushort.MaxValue) || callingAeTitle is null)
        {
            return null;
        }
        lock (_gate)
        {
            if (!_routes.TryGetValue((originatorAeTitle.Trim(), (ushort)originatorMessageId.Value), out var found))
            {
                return null;
            }
            var sender = found.Target.SenderAeTitle;
            return sender is null || string.Equals(sender.Trim(), callingAeTitle.Trim(), StringComparison.Ordinal) ? found.Target : null;
        }
    }

    internal void Remove(MoveRoute route)
    {
        lock (_gate)
        {
            if (_routes.TryGetValue((route.OriginatorAeTitle, route.MessageId), out var found) && ReferenceEquals(found.Route, route))
            {
                _routes.Remove((route.OriginatorAeTitle, route.MessageId));
            }
        }
    }
}
