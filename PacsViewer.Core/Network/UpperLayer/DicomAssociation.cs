using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// One DICOM association over one transport connection, as requester or acceptor, following the state machine
/// of PS3.8 9.2 (states Sta1-Sta13, events Evt1-Evt19 and actions of Table 9-10), release collisions (Sta9-Sta12)
/// included. Our service user answers an A-RELEASE indication at once, so the states that await a local
/// response (Sta3, Sta8, Sta9, Sta12) are passed through. Writes are serialised; one reader at a time receives.
/// </summary>
public sealed partial class DicomAssociation : IAsyncDisposable
{
    private readonly Socket? _socket;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private CancellationTokenSource? _receiveTimer;
    private readonly List<AssociationState> _history = [];
    private AssociationState _state;
    private int _disposed;

    private DicomAssociation(Socket? socket, Stream stream, AssociationOptions options, bool isRequester, AssociationState state)
    {
        _socket = socket;
        _stream = options.ReadAheadPduHeader ? new PduReadAheadStream(stream, socket) : stream;
        Options = options;
        IsRequester = isRequester;
        _state = state;
        _history.Add(state);
        RemoteEndPoint = socket?.RemoteEndPoint;
    }

    public AssociationOptions Options { get; }

    public bool IsRequester { get; }

    public AssociationState State
    {
        get => _state;
        private set
        {
            lock (_history)
            {
                if (_state != value)
                {
                    _history.Add(value);
                }
                _state = value;
            }
        }
    }

    /// <summary>Every state this association went through, in order (for tests of PS3.8 Table 9-10).</summary>
    internal IReadOnlyList<AssociationState> StateHistory
    {
        get
        {
            lock (_history)
            {
                return _history.ToArray();
            }
        }
    }

    public EndPoint? RemoteEndPoint { get; }

    public AssociationRequest Request { get; private set; } = null!;

    /// <summary>The accept as negotiated; on the requester side each context carries its abstract syntax.</summary>
    public AssociationAccept Accept { get; private set; } = null!;

    /// <summary>The largest P-DATA-TF PDU length we may send: the peer's maximum length (PS3.8 D.1), capped.</summary>
    public uint PeerMaxPduLength
    {
        get
        {
            var peer = IsRequester ? Accept.UserInformation.MaxPduLength : Request.UserInformation.MaxPduLength;
            return peer == 0 ? Options.MaxSendPduLength : Math.Min(peer, Options.MaxSendPduLength);
        }
    }

    /// <summary>
    /// Requester: opens the connection and negotiates (PS3.8 Table 9-10: Evt1 A-ASSOCIATE request, AE-1 issue
    /// TRANSPORT CONNECT, Sta4; Evt2 connection confirmed, AE-2 send A-ASSOCIATE-RQ, Sta5; Evt3 AC received, AE-3,
    /// Sta6; Evt4 RJ received, AE-4 close, Sta1). ARTIM bounds the connect, the TLS handshake and the wait for
    /// the answer. A rejection throws <see cref="AssociationRejectedException"/>.
    /// </summary>
    public static async Task<DicomAssociation> ConnectAsync(string host, int port, AssociationRequest request, AssociationOptions options,
        CancellationToken cancellationToken)
    {
        request = request with { UserInformation = request.UserInformation with { MaxPduLength = options.MaxPduLength } };
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            using (var artim = Timer(options.ArtimTimeout, cancellationToken))
            {
                try
                {
                    await socket.ConnectAsync(host, port, artim.Token).ConfigureAwait(false);
                    stream = new NetworkStream(socket, ownsSocket: true);
                    if (options.Tls is { } tls)
                    {
                        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                        stream = ssl;
                        await ssl.AuthenticateAsClientAsync(tls, artim.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new DicomTimeoutException($"no connection to {host}:{port} within the ARTIM timeout of {options.ArtimTimeout.TotalSeconds:0.#} s");
                }
                catch (SocketException e)
                {
                    throw new DicomNetworkException($"cannot connect to {host}:{port}: {e.Message}", e);
                }
                catch (System.Security.Authentication.AuthenticationException e)
                {
                    throw new DicomNetworkException($"TLS handshake with {host}:{port} failed: {e.Message}", e);
                }
            }
            var association = new DicomAssociation(socket, stream, options, isRequester: true, AssociationState.Sta4);
            stream = null;
            await association.RequestAsync(request, cancellationToken).ConfigureAwait(false);
            return association;
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            else if (!socket.Connected)
            {
                socket.Dispose();
            }
        }
    }

    private async Task RequestAsync(AssociationRequest request, CancellationToken cancellationToken)
    {
        Request = request;
        try
        {
            // Evt2, AE-2: send A-ASSOCIATE-RQ, start ARTIM; Sta5.
            await SendAsync(new AssociateRequestPdu(request), cancellationToken).ConfigureAwait(false);
            State = AssociationState.Sta5;
            var pdu = await ReceivePduAsync(Options.ArtimTimeout, "the A-ASSOCIATE-AC", cancellationToken).ConfigureAwait(false);
            switch (pdu)
            {
                case AssociateAcceptPdu ac:
                    // Evt3, AE-3: Sta6. The accept items carry no abstract syntax: take it from our proposal.
                    var contexts = ac.Accept.PresentationContexts.Select(pc =>
                        pc with { AbstractSyntax = request.PresentationContexts.FirstOrDefault(p => p.Id == pc.Id)?.AbstractSyntax ?? "" }).ToArray();
                    if (contexts.Any(c => c.IsAccepted && c.AbstractSyntax.Length == 0))
                    {
                        throw await AbortAsync(AbortPdu.ReasonInvalidPduParameterValue, "the A-ASSOCIATE-AC accepts a presentation context we did not propose", cancellationToken).ConfigureAwait(false);
                    }
                    Accept = ac.Accept with { PresentationContexts = contexts };
                    State = AssociationState.Sta6;
                    return;
                case AssociateRejectPdu rj:
                    // Evt4, AE-4: close, Sta1.
                    State = AssociationState.Sta1;
                    await DisposeTransportAsync().ConfigureAwait(false);
                    throw new AssociationRejectedException(rj.Rejection);
                default:
                    throw await UnexpectedAsync(pdu, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await DisposeTransportAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Acceptor: Evt5 (connection indication), AE-5 start ARTIM, Sta2; Evt6 A-ASSOCIATE-RQ received, AE-6 stop
    /// ARTIM, Sta3; then AE-7 send A-ASSOCIATE-AC (Sta6) or AE-8 send A-ASSOCIATE-RJ (Sta13, close). Returns null
    /// when the association was rejected; ARTIM expiry or a malformed PDU (AA-2/AA-8) throws after closing.
    /// </summary>
    internal static async Task<DicomAssociation?> AcceptAsync(Socket socket, Stream stream, AssociationOptions options,
        Func<AssociationRequest, AssociationNegotiation> negotiate, CancellationToken cancellationToken)
    {
        var association = new DicomAssociation(socket, stream, options, isRequester: false, AssociationState.Sta2);
        try
        {
            var pdu = await association.ReceivePduAsync(options.ArtimTimeout, "an A-ASSOCIATE-RQ", cancellationToken).ConfigureAwait(false);
            if (pdu is not AssociateRequestPdu rq)
            {
                throw await association.UnexpectedAsync(pdu, cancellationToken).ConfigureAwait(false);
            }
            association.Request = rq.Request;
            association.State = AssociationState.Sta3;
            var decision = (rq.Request.ProtocolVersion & 1) == 0
                ? AssociationNegotiation.Reject(AssociationRejection.ProtocolVersionNotSupported)
                : rq.Request.ApplicationContextName != AssociationRequest.DicomApplicationContext
                    ? AssociationNegotiation.Reject(AssociationRejection.ApplicationContextNotSupported)
                    : negotiate(rq.Request);
            if (decision.Rejection is { } rejection)
            {
                // AE-8: send A-ASSOCIATE-RJ, start ARTIM, Sta13.
                await association.SendAsync(new AssociateRejectPdu(rejection), cancellationToken).ConfigureAwait(false);
                association.State = AssociationState.Sta13;
                await association.AwaitCloseAsync(cancellationToken).ConfigureAwait(false);
                return null;
            }
            // PS3.7 D.3.3: the accept answers only the sub-items that were proposed, never more than proposed.
            var accept = decision.Accept! with
            {
                CalledAeTitle = rq.Request.CalledAeTitle,
                CallingAeTitle = rq.Request.CallingAeTitle,
                UserInformation = UserInformationNegotiator.Restrict(rq.Request.UserInformation, decision.Accept!.UserInformation) with { MaxPduLength = options.MaxPduLength },
            };
            // AE-7: send A-ASSOCIATE-AC, Sta6.
            await association.SendAsync(new AssociateAcceptPdu(accept with { PresentationContexts = accept.PresentationContexts.Select(p => p with { AbstractSyntax = "" }).ToArray() }), cancellationToken).ConfigureAwait(false);
            association.Accept = accept;
            association.State = AssociationState.Sta6;
            return association;
        }
        catch
        {
            await association.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Receives the next P-DATA-TF in Sta6 (Evt10, DT-2). Returns null when the peer (requester or acceptor)
    /// released the association: Evt12 A-RELEASE-RQ in Sta6, AR-2 Sta8, then AR-4 send A-RELEASE-RP, Sta13, close. An A-ABORT (Evt16, AA-3), a
    /// closed connection (Evt17, AA-4) or an unexpected or malformed PDU (Evt19/others, AA-8 send A-ABORT) ends
    /// the association with an exception. Every PDV must name an accepted presentation context.
    /// </summary>
    public async Task<PDataTransferPdu?> ReceiveDataAsync(TimeSpan timeout, string awaiting, CancellationToken cancellationToken)
    {
        RequireState(AssociationState.Sta6);
        var pdu = await ReceivePduAsync(timeout, awaiting, cancellationToken).ConfigureAwait(false);
        switch (pdu)
        {
            case PDataTransferPdu data:
                foreach (var pdv in data.Values)
                {
                    if (Accept.FindAccepted(pdv.PresentationContextId) is null)
                    {
                        throw await AbortAsync(AbortPdu.ReasonInvalidPduParameterValue,
                            $"P-DATA-TF names presentation context {pdv.PresentationContextId}, which was not accepted", cancellationToken).ConfigureAwait(false);
                    }
                }
                return data;
            case ReleaseRequestPdu:
                State = AssociationState.Sta8;
                await SendAsync(new ReleaseResponsePdu(), cancellationToken).ConfigureAwait(false);
                State = AssociationState.Sta13;
                await AwaitCloseAsync(cancellationToken).ConfigureAwait(false);
                return null;
            default:
                throw await UnexpectedAsync(pdu, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a receive loop on a thread of its own whose reads of this association block it (<see cref="ReceiveThread"/>);
    /// the loop's own awaits must keep their context (ConfigureAwait(true)) to come back to that thread.
    /// </summary>
    internal Task<T> RunOnReceiveThreadAsync<T>(Func<Task<T>> loop) =>
        ReceiveThread.RunAsync($"DICOM receive {RemoteEndPoint}", _stream as PduReadAheadStream, loop);

    /// <summary>DT-1: sends one PDV in a P-DATA-TF PDU; the caller keeps it within <see cref="PeerMaxPduLength"/>.</summary>
    public async Task SendDataAsync(byte presentationContextId, bool isCommand, bool isLast, ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken)
    {
        RequireState(AssociationState.Sta6);
        if (fragment.Length + 6 > PeerMaxPduLength)
        {
            throw new ArgumentException($"a PDV of {fragment.Length} bytes exceeds the peer's maximum PDU length of {PeerMaxPduLength}", nameof(fragment));
        }
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await PduWriter.WriteDataAsync(_stream, presentationContextId, isCommand, isLast, fragment, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            State = AssociationState.Sta1;
            throw new AssociationAbortedException($"the connection to the peer was lost: {e.Message}", null, e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>A-ABORT by the service user (PS3.8 7.3; AA-1 send A-ABORT, Sta13, close).</summary>
    public async Task AbortAsync(CancellationToken cancellationToken = default)
    {
        if (State is AssociationState.Sta1)
        {
            return;
        }
        try
        {
            await SendAsync(new AbortPdu(AbortPdu.SourceServiceUser, AbortPdu.ReasonNotSpecified), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or DicomNetworkException)
        {
            // The peer is gone already; closing is all that is left.
        }
        State = AssociationState.Sta1;
        await DisposeTransportAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (State is AssociationState.Sta6)
        {
            await AbortAsync(CancellationToken.None).ConfigureAwait(false);
        }
        await DisposeTransportAsync().ConfigureAwait(false);
    }
}
