using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.Dimse;

/// <summary>
/// C-GET role selection (PS3.7 D.3.3.4, PS3.4 C.4.3.1): our requester against our own acceptor acting as a C-GET SCP
/// that sends one C-STORE sub-operation whether or not it granted us the SCP role for the storage SOP class.
/// </summary>
public sealed class DicomClientGetRoleTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _output = new("pacsviewer-get-role-");

    public void Dispose() => _output.Dispose();

    [Fact]
    public async Task GetAsync_PeerRefusedTheScpRoleButSendsCStore_RefusesNotAuthorizedAndWritesNothing()
    {
        var service = new GetScpSendingOneInstance(grantScpRole: false);

        var result = await RunGetAsync(service);

        Assert.Equal(DimseStatus.NotAuthorized, await service.StoreResponse.Task.WaitAsync(Timeout));
        Assert.Equal(0x0124, DimseStatus.NotAuthorized.Code);
        Assert.True(DimseStatus.NotAuthorized.IsFailure);
        Assert.Empty(result.Files);
        Assert.Empty(Directory.GetFiles(_output.Path));
        Assert.Equal(DimseStatus.SubOperationsWarning, result.Status); // The peer's final answer: one failed sub-operation.
    }

    [Fact]
    public async Task GetAsync_PeerGrantedTheScpRole_StoresTheInstance()
    {
        var service = new GetScpSendingOneInstance(grantScpRole: true);

        var result = await RunGetAsync(service);

        Assert.Equal(DimseStatus.Success, await service.StoreResponse.Task.WaitAsync(Timeout));
        var file = Assert.Single(result.Files);
        Assert.Equal(service.Sent.SopInstanceUid, DicomFile.Open(file).SopInstanceUid);
    }

    private async Task<RetrieveResult> RunGetAsync(GetScpSendingOneInstance service)
    {
        await using var server = new DicomServer(new DicomServerOptions { Port = 0, Association = AssociationOptions.Default }, service);
        server.Start();
        var identifier = new DicomDatasetBuilder().Set(DicomTags.StudyInstanceUID, DicomVR.UI, "1.2.3.4").ToDataset();
        using var hang = new CancellationTokenSource(Timeout);
        return await new DicomClient().GetAsync(new DicomPeer("127.0.0.1", server.Port, "GETSCP"), QueryRetrieveModel.StudyRoot,
            QueryRetrieveLevel.Study, identifier, _output.Path, null, hang.Token);
    }

    /// <summary>A C-GET SCP that grants (or not) the SCP role for storage, then sends one MR instance as a sub-operation.</summary>
    private sealed class GetScpSendingOneInstance(bool grantScpRole) : IAssociationService
    {
        public DicomFile Sent { get; } = DicomFile.Open(TestFiles.Sample(DicomClientTests.Mr));

        public TaskCompletionSource<DimseStatus> StoreResponse { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AssociationNegotiation Negotiate(AssociationRequest request) => GetScpNegotiation.Negotiate(request, grantScpRole);

        public async Task RunAsync(DicomAssociation association, CancellationToken cancellationToken)
        {
            var channel = new DimseChannel(association);
            var get = await channel.ReceiveCommandAsync(Timeout, "the C-GET-RQ", cancellationToken)
                ?? throw new InvalidOperationException("released before the C-GET-RQ");
            await channel.ReceiveDatasetAsync(get, Timeout, cancellationToken);
            var sopClass = Sent.SopClassUid!;
            var context = association.Accept.PresentationContexts.First(p => p.IsAccepted && p.AbstractSyntax == sopClass).Id;
            var storeId = channel.NextMessageId();
            await channel.SendAsync(new DimseMessage(context, DimseCommands.StoreRequest(storeId, sopClass, Sent.SopInstanceUid!), Sent.Dataset),
                cancellationToken);
            var response = await channel.ReceiveCommandAsync(Timeout, "the C-STORE-RSP", cancellationToken)
                ?? throw new InvalidOperationException("released before the C-STORE-RSP");
            StoreResponse.SetResult(response.Status);
            var failed = response.Status.IsSuccess ? 0 : 1;
            await channel.SendAsync(new DimseMessage(get.PresentationContextId, DimseCommands.Response(get,
                failed == 0 ? DimseStatus.Success : DimseStatus.SubOperationsWarning, progress: new SubOperationProgress(0, 1 - failed, failed, 0))),
                cancellationToken);
            await channel.ReceiveCommandAsync(Timeout, "the release", cancellationToken); // null once released
        }
    }
}
