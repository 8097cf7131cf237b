using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.UpperLayer;

/// <summary>
/// <see cref="PduReadAheadStream.AllowBlockingReads"/>: on the thread that allowed them, reads of a socket block until
/// bytes arrive (the returned task is complete when the call returns); a timer that fires meanwhile wakes the read,
/// which ends cancelled; reads on any other thread stay asynchronous. Real sockets on 127.0.0.1.
/// </summary>
public sealed class BlockingReadTests
{
    [Fact]
    public async Task ReadAsync_OnTheAllowingThreadBytesArriveLater_BlocksAndReturnsThemComplete()
    {
        var (ours, peer) = await ConnectedPairAsync();
        using (peer)
        await using (var stream = new PduReadAheadStream(new NetworkStream(ours, ownsSocket: true), ours))
        {
            var sending = Task.Run(async () =>
            {
                await Task.Delay(300);
                await peer.SendAsync(new byte[] { 7, 8, 9 });
            });

            var (completed, bytes, elapsed) = await OnOwnThreadAsync(() =>
            {
                using var blocking = stream.AllowBlockingReads();
                var buffer = new byte[16];
                var watch = Stopwatch.StartNew();
                var read = stream.ReadAsync(buffer, CancellationToken.None);
                var done = read.IsCompleted;
                return (done, buffer[..read.Result].ToArray(), watch.Elapsed);
            });
            await sending;

            Assert.True(completed, "the read returned before its bytes had arrived");
            Assert.Equal([7, 8, 9], bytes);
            Assert.True(elapsed >= TimeSpan.FromMilliseconds(200), $"returned after {elapsed.TotalMilliseconds} ms, before the bytes were sent");
        }
    }

    [Fact]
    public async Task ReadAsync_OnTheAllowingThreadTimerFiresWhileBlocked_EndsCancelledPromptly()
    {
        var (ours, peer) = await ConnectedPairAsync();
        using (peer)
        await using (var stream = new PduReadAheadStream(new NetworkStream(ours, ownsSocket: true), ours))
        {
            var (outcome, elapsed) = await OnOwnThreadAsync(() =>
            {
                using var blocking = stream.AllowBlockingReads();
                using var timer = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                var watch = Stopwatch.StartNew();
                try
                {
                    var completed = stream.ReadAsync(new byte[16], timer.Token).IsCompleted;
                    return ((Exception?)new InvalidOperationException($"the read returned (completed: {completed}) with nothing sent"), watch.Elapsed);
                }
                catch (OperationCanceledException e)
                {
                    return (e, watch.Elapsed);
                }
            });

            Assert.IsAssignableFrom<OperationCanceledException>(outcome);
            Assert.InRange(elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public async Task ReadAsync_OnAnotherThread_StaysAsynchronous()
    {
        var (ours, peer) = await ConnectedPairAsync();
        using (peer)
        await using (var stream = new PduReadAheadStream(new NetworkStream(ours, ownsSocket: true), ours))
        {
            var gate = new ManualResetEventSlim();
            var allowing = new Thread(() =>
            {
                using var blocking = stream.AllowBlockingReads();
                gate.Wait(TimeSpan.FromSeconds(30));
            });
            allowing.Start();

            var buffer = new byte[16];
            var read = stream.ReadAsync(buffer, CancellationToken.None);
            var pendingAtFirst = !read.IsCompleted;
            await peer.SendAsync(new byte[] { 5 });
            var count = await read;
            gate.Set();
            allowing.Join();

            Assert.True(pendingAtFirst, "a read on a thread that did not allow blocking waited in the call");
            Assert.Equal(1, count);
            Assert.Equal(5, buffer[0]);
        }
    }

    [Fact]
    public void AllowBlockingReads_StreamWithoutSocket_IsRefused()
    {
        using var stream = new PduReadAheadStream(new MemoryStream([1, 2, 3]));

        Assert.Null(stream.AllowBlockingReads());
    }

    private static Task<T> OnOwnThreadAsync<T>(Func<T> body)
    {
        var outcome = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                outcome.SetResult(body());
            }
            catch (Exception e)
            {
                outcome.SetException(e);
            }
        });
        thread.Start();
        return outcome.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private static async Task<(Socket Ours, Socket Peer)> ConnectedPairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var ours = new Socket(SocketType.Stream, ProtocolType.Tcp);
        // Connected asynchronously, as the association connects: the socket is then non-blocking underneath.
        await ours.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var peer = await listener.AcceptSocketAsync();
        return (ours, peer);
    }
}
