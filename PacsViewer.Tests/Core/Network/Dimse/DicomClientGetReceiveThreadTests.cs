using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.Dimse;

/// <summary>
/// A C-GET receives its sub-operations on a thread of its own with blocking reads (<see cref="DicomClientOptions.ReceiveOnOwnThread"/>):
/// our requester against our own acceptor scripted as a C-GET SCP that sends its instances with pauses between them
/// (so that the reads do wait), falls silent, or answers a C-CANCEL; in plain TCP and over TLS.
/// </summary>
public sealed class DicomClientGetReceiveThreadTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _output = new("pacsviewer-get-thread-");

    public void Dispose() => _output.Dispose();

    [Fact]
    public async Task GetAsync_CallbackLeavesTheReceiveThread_EveryInstanceStillReceivedOnIt()
    {
        var service = new ScriptedGetScp(instances: 3, pause: TimeSpan.FromMilliseconds(150));
        var threads = new List<(string? Name, int Id)>();

        var result = await RunGetAsync(service, DefaultClient(), async (path, ct) =>
        {
            threads.Add((Thread.CurrentThread.Name, Environment.CurrentManagedThreadId));
            // Completes on the thread pool: the rest of this sub-operation runs there; the next one must be read on the
            // receive thread again.
            await Task.Delay(20, ct).ConfigureAwait(false);
        });
        var callerThread = Thread.CurrentThread.Name;

        Assert.Equal(DimseStatus.Success, result.Status);
        Assert.Equal(3, result.Files.Count);
        Assert.Equal(service.SentUids, result.Files.Select(MediaStorageSopInstanceUid).ToArray()); // in the order sent
        Assert.Equal(3, threads.Count);
        Assert.All(threads, t => Assert.StartsWith("DICOM receive", t.Name, StringComparison.Ordinal));
        Assert.Single(threads.Select(t => t.Id).Distinct());
        Assert.False(callerThread?.StartsWith("DICOM receive", StringComparison.Ordinal) ?? false, "the caller continued on the receive thread");
        Assert.Equal([DimseStatus.Success, DimseStatus.Success, DimseStatus.Success], service.StoreResponses);
    }

    [Fact]
    public async Task GetAsync_PeerFallsSilentAfterOneInstance_TimesOutWithinTheDimseTimeoutAndAborts()
    {
        var service = new ScriptedGetScp(instances: 1, pause: TimeSpan.Zero, silentAfterInstances: true);
        var client = new DicomClient(new DicomClientOptions { Association = AssociationOptions.Default with { DimseTimeout = TimeSpan.FromSeconds(1) } });
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<DicomTimeoutException>(() => RunGetAsync(service, client, null));
        var elapsed = watch.Elapsed;

        Assert.Contains("C-GET-RSP", e.Message, StringComparison.Ordinal);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20));
        Assert.IsType<AssociationAbortedException>(await service.Ended.Task.WaitAsync(Timeout)); // our A-ABORT reached it
        Assert.Empty(Directory.GetFiles(_output.Path, ".incoming-*"));
    }

    [Fact]
    public async Task GetAsync_CancelledWhileTheReceiveThreadWaits_SendsCCancelAndEndsCancelled()
    {
        var service = new ScriptedGetScp(instances: 1, pause: TimeSpan.Zero, silentAfterInstances: true);
        using var cancel = new CancellationTokenSource();
        var retrieving = RunGetAsync(service, DefaultClient(), (_, _) =>
        {
            cancel.CancelAfter(TimeSpan.FromMilliseconds(300)); // once the receive thread is waiting for the next command
            return Task.CompletedTask;
        }, cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => retrieving);

        Assert.True(service.CancelReceived, "no C-CANCEL-RQ reached the peer");
        Assert.Null(await service.Ended.Task.WaitAsync(Timeout)); // released normally after the final response
    }

    [Fact]
    public async Task GetAsync_OverTls_ReceivesEveryInstanceOnTheReceiveThread()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        using var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
        var service = new ScriptedGetScp(instances: 3, pause: TimeSpan.FromMilliseconds(100));
        var tls = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == certificate.GetCertHashString(),
        };
        var threads = new List<string?>();

        var result = await RunGetAsync(service, new DicomClient(new DicomClientOptions { Association = AssociationOptions.Default with { Tls = tls } }),
            (_, _) =>
            {
                threads.Add(Thread.CurrentThread.Name);
                return Task.CompletedTask;
            }, certificate: certificate);

        Assert.Equal(DimseStatus.Success, result.Status);
        Assert.Equal(3, result.Files.Count);
        Assert.Equal(service.SentUids, result.Files.Select(MediaStorageSopInstanceUid).ToArray());
        Assert.All(result.Files, f => Assert.Equal(service.SentSeriesUid, DicomFile.Open(f).Dataset.GetString(DicomTags.SeriesInstanceUID)));
        Assert.All(threads, t => Assert.StartsWith("DICOM receive", t, StringComparison.Ordinal));
    }

    private static DicomClient DefaultClient() => new();

    private static string? MediaStorageSopInstanceUid(string path) =>
        DicomFile.Open(path).FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID)?.TrimEnd('\0', ' ');

    private async Task<RetrieveResult> RunGetAsync(ScriptedGetScp service, DicomClient client, Func<string, CancellationToken, Task>? onInstance,
        CancellationToken cancellationToken = default, X509Certificate2? certificate = null)
    {
        await using var server = new DicomServer(new DicomServerOptions { Port = 0, Association = AssociationOptions.Default, TlsCertificate = certificate }, service);
        server.Start();
        var identifier = new DicomDatasetBuilder().Set(DicomTags.StudyInstanceUID, DicomVR.UI, "1.2.3.4").ToDataset();
        return await client.GetAsync(new DicomPeer("127.0.0.1", server.Port, "GETSCP"), QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Study,
            identifier, _output.Path, null, onInstance, cancellationToken).WaitAsync(Timeout, CancellationToken.None);
    }

    /// <summary>
    /// A C-GET SCP granting the SCP role for storage that sends the MR sample <paramref name="instances"/> times (each
    /// under a UID of its own in the command), <paramref name="pause"/> before each; then either the final response,
    /// or nothing (<paramref name="silentAfterInstances"/>) until a C-CANCEL-RQ (answered Cancel) or the end of the association.
    /// </summary>
    private sealed class ScriptedGetScp(int instances, TimeSpan pause, bool silentAfterInstances = false) : IAssociationService
    {
        private readonly DicomFile _sent = DicomFile.Open(TestFiles.Sample(DicomClientTests.Mr));

        public string[] SentUids { get; } = Enumerable.Range(1, instances).Select(i => $"2.25.98765{i}").ToArray();

        public string? SentSeriesUid => _sent.Dataset.GetString(DicomTags.SeriesInstanceUID);

        public List<DimseStatus> StoreResponses { get; } = [];

        public bool CancelReceived { get; private set; }

        /// <summary>How the association ended for the SCP: null when released, else what it threw.</summary>
        public TaskCompletionSource<Exception?> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AssociationNegotiation Negotiate(AssociationRequest request) => GetScpNegotiation.Negotiate(request, grantScpRole: true);

        public async Task RunAsync(DicomAssociation association, CancellationToken cancellationToken)
        {
            try
            {
                await ServeAsync(association, cancellationToken);
                Ended.TrySetResult(null);
            }
            catch (Exception e)
            {
                Ended.TrySetResult(e);
                throw;
            }
        }

        private async Task ServeAsync(DicomAssociation association, CancellationToken cancellationToken)
        {
            var channel = new DimseChannel(association);
            var get = await channel.ReceiveCommandAsync(Timeout, "the C-GET-RQ", cancellationToken)
                ?? throw new InvalidOperationException("released before the C-GET-RQ");
            await channel.ReceiveDatasetAsync(get, Timeout, cancellationToken);
            var sopClass = _sent.SopClassUid!;
            var context = association.Accept.PresentationContexts.First(p => p.IsAccepted && p.AbstractSyntax == sopClass).Id;
            foreach (var uid in SentUids)
            {
                await Task.Delay(pause, cancellationToken);
                await channel.SendAsync(new DimseMessage(context, DimseCommands.StoreRequest(channel.NextMessageId(), sopClass, uid), _sent.Dataset), cancellationToken);
                var response = await channel.ReceiveCommandAsync(Timeout, "the C-STORE-RSP", cancellationToken)
                    ?? throw new InvalidOperationException("released before the C-STORE-RSP");
                StoreResponses.Add(response.Status);
            }
            var final = DimseStatus.Success;
            if (silentAfterInstances)
            {
                // Silent until the requester cancels (or aborts, which ends this read with an exception).
                var next = await channel.ReceiveCommandAsync(Timeout, "a C-CANCEL-RQ", cancellationToken)
                    ?? throw new InvalidOperationException("released without a final response");
                CancelReceived = next.CommandField == DimseCommandField.CCancelRq;
                final = DimseStatus.Cancel;
            }
            await channel.SendAsync(new DimseMessage(get.PresentationContextId, DimseCommands.Response(get, final,
                progress: new SubOperationProgress(0, SentUids.Length, 0, 0))), cancellationToken);
            await channel.ReceiveCommandAsync(Timeout, "the release", cancellationToken); // null once released
        }
    }
}
