using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// Listens on one address and port and runs one association per connection (PS3.8 9.2, acceptor role), at most
/// <see cref="DicomServerOptions.MaxConcurrentAssociations"/> at a time. Disposing stops listening, aborts the
/// associations in progress and waits for them to end.
/// </summary>
public sealed class DicomServer : IAsyncDisposable
{
    private readonly DicomServerOptions _options;
    private readonly IAssociationService _service;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, Task> _connections = new();
    private readonly SemaphoreSlim _slots;
    private Task? _acceptLoop;
    private int _nextId;

    public DicomServer(DicomServerOptions options, IAssociationService service)
    {
        _options = options;
        _service = service;
        _listener = new TcpListener(options.Address, options.Port);
        _slots = new SemaphoreSlim(options.MaxConcurrentAssociations, options.MaxConcurrentAssociations);
    }

    /// <summary>The bound port (the one chosen when <see cref="DicomServerOptions.Port"/> was 0).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Failures of single associations (malformed input, timeouts, aborts), most recent last, at most 100.</summary>
    public IReadOnlyCollection<Exception> RecentErrors => _errors.ToArray();

    /// <summary>Raised when an association ends in a failure (for logging; carries no patient data).</summary>
    public event Action<Exception>? AssociationFailed;

    private readonly ConcurrentQueue<Exception> _errors = new();

    public void Start()
    {
        _listener.Start(backlog: 64);
        _acceptLoop = AcceptLoopAsync(_stop.Token);
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            socket.NoDelay = true;
            var id = Interlocked.Increment(ref _nextId);
            var task = _slots.Wait(0, CancellationToken.None)
                ? ServeAsync(socket, cancellationToken)
                : RefuseAsync(socket, cancellationToken);
            _connections[id] = task;
            _ = task.ContinueWith(_ => _connections.TryRemove(id, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (_options.TlsCertificate is { } certificate)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                using var artim = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                artim.CancelAfter(_options.Association.ArtimTimeout);
                try
                {
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, artim.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or System.Security.Authentication.AuthenticationException)
                {
                    Record(new DicomNetworkException($"TLS handshake failed: {e.Message}", e));
                    await ssl.DisposeAsync().ConfigureAwait(false);
                    return;
                }
            }
            var association = await DicomAssociation.AcceptAsync(socket, stream, _options.Association, _service.Negotiate, cancellationToken).ConfigureAwait(false);
            if (association is null)
            {
                return;
            }
            await using (association.ConfigureAwait(false))
            {
                await _service.RunAsync(association, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Server stopping.
        }
        catch (Exception e)
        {
            // One association's failure (a hostile peer, a full disk) never takes the server down.
            Record(e);
        }
        finally
        {
            socket.Dispose();
            _slots.Release();
        }
    }

    /// <summary>Over the limit: A-ASSOCIATE-RJ, transient, local limit exceeded (PS3.8 Table 9-21), then close.</summary>
    private static async Task RefuseAsync(Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new NetworkStream(socket, ownsSocket: true);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await PduWriter.WriteAsync(stream, new AssociateRejectPdu(AssociationRejection.LocalLimitExceeded), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // The peer went away first.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private void Record(Exception e)
    {
        _errors.Enqueue(e);
        while (_errors.Count > 100 && _errors.TryDequeue(out _))
        {
        }
        AssociationFailed?.Invoke(e);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        _listener.Dispose();
        _stop.Dispose();
        _slots.Dispose();
    }
}
