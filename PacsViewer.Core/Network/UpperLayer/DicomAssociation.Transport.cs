namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>Reading and writing PDUs with timers, and the abort paths of PS3.8 Table 9-10 (AA-1 to AA-8).</summary>
public sealed partial class DicomAssociation
{
    /// <summary>
    /// One PDU within <paramref name="timeout"/> (the whole PDU, so a peer trickling bytes is cut off too). A
    /// malformed PDU is answered with A-ABORT (AA-8); expiry of the timer aborts (AA-2 when ARTIM); a received
    /// A-ABORT (Evt16, AA-3) and a closed connection (Evt17, AA-4) end in Sta1. Cancellation aborts.
    /// </summary>
    private async Task<Pdu> ReceivePduAsync(TimeSpan timeout, string awaiting, CancellationToken cancellationToken)
    {
        Pdu? pdu;
        // One reader at a time: a caller that cannot cancel (the receive loops of C-GET/C-MOVE and of the receiver)
        // reuses one timer source for every PDU, re-armed each time, instead of a linked source and a timer per PDU.
        var reusable = !cancellationToken.CanBeCanceled;
        using (var timer = reusable ? null : Timer(timeout, cancellationToken))
        {
            try
            {
                // Inside the try: a transport disposed meanwhile (its timer too) ends as a lost connection.
                var token = timer?.Token ?? ArmReceiveTimer(timeout);
                pdu = await PduReader.ReadAsync(_stream, Options.Limits, token).ConfigureAwait(false);
            }
            catch (PduFormatException e)
            {
                throw await AbortAsync(e.AbortReason, e.Message, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Evt18 in Sta2 is AA-2 in PS3.8 Table 9-10 (close only); we also send an A-ABORT first (as in Sta2's
                // AA-1), so a silent or trickling peer learns why the connection ends: the issue asks for it.
                await AbortAsync(AbortPdu.ReasonNotSpecified, null, CancellationToken.None).ConfigureAwait(false);
                throw new DicomTimeoutException($"no {awaiting} within {timeout.TotalSeconds:0.###} s; the association was aborted");
            }
            catch (OperationCanceledException)
            {
                await AbortAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                State = AssociationState.Sta1;
                await DisposeTransportAsync().ConfigureAwait(false);
                throw new AssociationAbortedException($"the connection was lost while awaiting {awaiting}: {e.Message}", null, e);
            }
        }
        switch (pdu)
        {
            case null:
                // Evt17: transport connection closed, AA-4 (or AR-5 in Sta13).
                State = AssociationState.Sta1;
                await DisposeTransportAsync().ConfigureAwait(false);
                throw new AssociationAbortedException($"the peer closed the connection while we awaited {awaiting}");
            case AbortPdu abort:
                // Evt16: A-ABORT received, AA-3 (AA-2 in Sta2/Sta13): close, Sta1.
                State = AssociationState.Sta1;
                await DisposeTransportAsync().ConfigureAwait(false);
                throw new AssociationAbortedException($"association {abort.Describe()}", abort);
            default:
                return pdu;
        }
    }

    private async Task SendAsync(Pdu pdu, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await PduWriter.WriteAsync(_stream, pdu, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            State = AssociationState.Sta1;
            throw new AssociationAbortedException($"the connection was lost while sending {pdu.Type}: {e.Message}", null, e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>A PDU that is valid but not allowed in the current state (PS3.8 Table 9-10: AA-1 in Sta2, AA-8 in Sta3-Sta12).</summary>
    private Task<AssociationAbortedException> UnexpectedAsync(Pdu pdu, CancellationToken cancellationToken) =>
        AbortAsync(AbortPdu.ReasonUnexpectedPdu, $"unexpected {pdu.Type} PDU in state {State}", cancellationToken);

    /// <summary>
    /// AA-8: send A-ABORT from the service provider with <paramref name="reason"/>, close, Sta1. In Sta2 (no
    /// association yet) an unexpected or invalid PDU is AA-1 instead: A-ABORT from the service user, whose reason
    /// field is not significant (PS3.8 9.3.8), so 0. The reason stays in the exception's message.
    /// </summary>
    private async Task<AssociationAbortedException> AbortAsync(byte reason, string? problem, CancellationToken cancellationToken)
    {
        var abort = State is AssociationState.Sta2
            ? new AbortPdu(AbortPdu.SourceServiceUser, AbortPdu.ReasonNotSpecified)
            : new AbortPdu(AbortPdu.SourceServiceProvider, reason);
        try
        {
            using var timer = Timer(Options.ArtimTimeout, cancellationToken);
            await SendAsync(abort, timer.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or DicomNetworkException)
        {
            // The peer may be gone already.
        }
        State = AssociationState.Sta1;
        await DisposeTransportAsync().ConfigureAwait(false);
        return new AssociationAbortedException($"association aborted: {problem ?? abort.Describe()}", abort);
    }

    /// <summary>
    /// Sta13: wait (ARTIM) for the peer to close the connection, then close ours (Evt17 AR-5; Evt18 AA-2). What
    /// arrives meanwhile follows the Sta13 column of PS3.8 Table 9-10: an A-ASSOCIATE-RQ (Evt6) or an invalid PDU
    /// (Evt19) is answered with A-ABORT (AA-7), an A-ABORT closes (Evt16, AA-2), any other PDU is ignored (AA-6).
    /// After an invalid PDU the framing is lost, so the rest is discarded unread.
    /// </summary>
    private async Task AwaitCloseAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = Timer(Options.ArtimTimeout, cancellationToken);
            var framed = true;
            while (framed)
            {
                Pdu? pdu;
                try
                {
                    pdu = await PduReader.ReadAsync(_stream, Options.Limits, timer.Token).ConfigureAwait(false);
                }
                catch (PduFormatException e)
                {
                    await SendAsync(new AbortPdu(AbortPdu.SourceServiceProvider, e.AbortReason), timer.Token).ConfigureAwait(false);
                    framed = false;
                    continue;
                }
                switch (pdu)
                {
                    case null:
                    case AbortPdu:
                        return;
                    case AssociateRequestPdu:
                        await SendAsync(new AbortPdu(AbortPdu.SourceServiceProvider, AbortPdu.ReasonUnexpectedPdu), timer.Token).ConfigureAwait(false);
                        break;
                }
            }
            var sink = new byte[512];
            while (await _stream.ReadAsync(sink, timer.Token).ConfigureAwait(false) > 0)
            {
                // AA-6: ignored.
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or DicomNetworkException)
        {
            // ARTIM expired or the connection broke: close anyway.
        }
        finally
        {
            State = AssociationState.Sta1;
            await DisposeTransportAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask DisposeTransportAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        if (State != AssociationState.Sta1 && State != AssociationState.Sta13)
        {
            State = AssociationState.Sta1;
        }
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // Closing a broken connection.
        }
        _socket?.Dispose();
        Interlocked.Exchange(ref _receiveTimer, null)?.Dispose();
        State = AssociationState.Sta1;
    }

    private void RequireState(AssociationState state)
    {
        if (State != state)
        {
            throw new InvalidOperationException($"the association is in {State}, not {state} (PS3.8 9.2)");
        }
    }

    /// <summary>
    /// The reusable receive timer, reset (or replaced once it has fired) and armed for <paramref name="timeout"/>. Left
    /// armed after the PDU: if it fires before the next read, nothing listens, and the next read replaces it.
    /// </summary>
    private CancellationToken ArmReceiveTimer(TimeSpan timeout)
    {
        var timer = _receiveTimer;
        if (timer is null || !timer.TryReset())
        {
            timer?.Dispose();
            timer = new CancellationTokenSource();
            _receiveTimer = timer;
        }
        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            timer.CancelAfter(timeout);
        }
        return timer.Token;
    }

    private static CancellationTokenSource Timer(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            cts.CancelAfter(timeout);
        }
        return cts;
    }
}
