using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Send;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Viewing;
using PacsViewer.Tests.Core.Network;
using PacsViewer.Tests.Fixtures;
using Xunit.Abstractions;

namespace PacsViewer.Tests.Core.Distribution.Send;

/// <summary>
/// A Send job by C-MOVE carried out by dcmtk's dcmqrscp, which goes on after a refused sub-operation and names it in the
/// final response's Failed SOP Instance UID List (0008,0058), to a storescp that takes MR only.
/// </summary>
public sealed class SendJobHandlerDcmqrscpTests(ITestOutputHelper output) : IDisposable
{
    private const string QrAeTitle = "SENDQR";
    private readonly TempDirectory _work = new("pacsviewer-move-qr-");

    private static CancellationToken Hang => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task RunAsync_MoveListsAnItemCountedDoneEarlyAsFailed_ThatItemCorrectedToFailedAndCountersMovedBack()
    {
        // Items in series order: the CT (series 1) first, then the three MR (series 2). dcmqrscp sends in the order of its
        // index (the MR first): its pending counts 1, 2, 3 mark the first three items Done (the CT among them), then the CT
        // is refused and the final response lists it.
        var study = SendTestStudy.Create(_work.Path, ["ct/CT2_RLE.dcm", .. SendTestStudy.BrainSamples.Take(3)]);
        var scpPort = LoopbackPort.Free();
        var scpAe = "MQ" + scpPort.ToString(CultureInfo.InvariantCulture);
        var profile = _work.File("mr-only.cfg");
        await File.WriteAllTextAsync(profile, SendJobHandlerTests.MrOnlyProfile);
        var received = Directory.CreateDirectory(_work.File("received")).FullName;
        await using var storescp = DcmtkProcess.Start("storescp", "-xf", profile, "MrOnly", "-aet", scpAe, "-od", received, scpPort.ToString(CultureInfo.InvariantCulture));
        await storescp.WaitForPortAsync(scpPort);
        var database = Directory.CreateDirectory(_work.File("qr-db")).FullName;
        var index = await DcmtkProcess.RunAsync("dcmqridx", [database, .. study.Files.Skip(1).Select(f => f.Path), study.Files[0].Path]);
        Assert.True(index.ExitCode == 0, index.Output);
        var qrPort = LoopbackPort.Free();
        var config = _work.File("dcmqrscp.cfg");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            NetworkTCPPort  = {qrPort}
            MaxPDUSize      = 16384
            MaxAssociations = 16
            HostTable BEGIN
            dest = ({scpAe}, 127.0.0.1, {scpPort})
            HostTable END
            VendorTable BEGIN
            VendorTable END
            AETable BEGIN
            {QrAeTitle} {database} RW (200, 1024mb) ANY
            AETable END
            """));
        await using var dcmqrscp = DcmtkProcess.Start("dcmqrscp", "-v", "-c", config);
        await dcmqrscp.WaitForPortAsync(qrPort);
        var source = new DimseStudySource("dcmqrscp", new DicomPeer("127.0.0.1", qrPort, QrAeTitle), new DicomClient(new DicomClientOptions { CallingAeTitle = "PVMOVER" }), _work.Path);
        var destination = new DimseStudySource("storescp", new DicomPeer("127.0.0.1", scpPort, scpAe), new DicomClient(), _work.Path);
        var context = RecordingJobContext.For(source.Id, destination.Id, study.StudyInstanceUid, parametersJson: """{"Method":"Move"}""");

        await new SendJobHandler(new StudySourceCatalog([source, destination]), NullLogger<SendJobHandler>.Instance).RunAsync(context, Hang);

        foreach (var (itemId, state, error) in context.Reports)
        {
            output.WriteLine($"item {itemId}: {state} {error}");
        }
        output.WriteLine(dcmqrscp.Output);
        var items = context.Items;
        Assert.Equal(study.Files[0].Sop, items[0].SopInstanceUid);
        Assert.Equal([TransferItemState.Done, TransferItemState.Failed], context.Reports.Where(r => r.ItemId == items[0].Id).Select(r => r.State));
        Assert.Equal((TransferItemState.Failed, $"dcmqrscp could not send it to {scpAe} (named in the C-MOVE's Failed SOP Instance UID List, final status 0xB000 (Warning))"),
            (items[0].State, items[0].Error));
        Assert.All(items.Skip(1), i => Assert.Equal(TransferItemState.Done, i.State));
        Assert.Equal((4, 3, 1), (context.Job.TotalObjects, context.Job.DoneObjects, context.Job.FailedObjects));
    }
}
