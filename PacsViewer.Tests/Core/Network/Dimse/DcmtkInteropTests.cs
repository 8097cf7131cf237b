using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.Dimse;

using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Network.Dimse;

/// <summary>Interop with dcmtk: its tools into our receiver, our service user against storescp and dcmqrscp.</summary>
public class DcmtkInteropTests
{
    private static bool IgnoreGroupLength(DicomElement e) => e.Tag.IsGroupLength;

    [Fact]
    public async Task Echoscu_OurReceiver_Succeeds()
    {
        await using var receiver = TestReceiver.Start();

        var (exit, output) = await DcmtkProcess.RunAsync("echoscu", "-aet", "DCMTK", "-aec", TestReceiver.AeTitle, "127.0.0.1", receiver.Port.ToString());

        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task Echoscu_WrongCalledAeTitle_Refused()
    {
        await using var receiver = TestReceiver.Start();

        var (exit, output) = await DcmtkProcess.RunAsync("echoscu", "-aec", "NOTUS", "127.0.0.1", receiver.Port.ToString());

        Assert.NotEqual(0, exit);
        Assert.Contains("Called AE Title Not Recognized", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Storescu_UncompressedFiles_OurReceiverWritesFilesDcmtkCanRead()
    {
        await using var receiver = TestReceiver.Start();
        string[] samples = [DicomClientTests.Ct, DicomClientTests.Mr];

        var (exit, output) = await DcmtkProcess.RunAsync("storescu", ["-aet", "DCMTK", "-aec", TestReceiver.AeTitle, "127.0.0.1", receiver.Port.ToString(),
            .. samples.Select(TestFiles.Sample)]);

        Assert.True(exit == 0, output);
        var received = receiver.ReceivedFiles().Select(p => DicomFile.Open(p)).OrderBy(f => f.SopInstanceUid, StringComparer.Ordinal).ToArray();
        var sources = samples.Select(s => DicomFile.Open(TestFiles.Sample(s))).OrderBy(f => f.SopInstanceUid, StringComparer.Ordinal).ToArray();
        Assert.Equal(2, received.Length);
        for (var i = 0; i < 2; i++)
        {
            DatasetAssert.Equal(sources[i].Dataset, received[i].Dataset, IgnoreGroupLength);
        }
        foreach (var path in receiver.ReceivedFiles())
        {
            var dump = await DcmtkProcess.RunAsync("dcmdump", "-q", "+P", "SOPInstanceUID", path);
            Assert.True(dump.ExitCode == 0, dump.Output);
        }
    }

    [Fact]
    public async Task Storescu_JpegFileOnItsOwnSyntax_ReceivedCompressed()
    {
        await using var receiver = TestReceiver.Start();
        var sample = TestFiles.Sample(DicomClientTests.JpegBaseline);

        // -xy: propose JPEG baseline first, then the uncompressed syntaxes.
        var (exit, output) = await DcmtkProcess.RunAsync("storescu", "-xy", "-aec", TestReceiver.AeTitle, "127.0.0.1", receiver.Port.ToString(), sample);

        Assert.True(exit == 0, output);
        var received = DicomFile.Open(Assert.Single(receiver.ReceivedFiles()));
        Assert.Equal(DicomTransferSyntax.JpegBaseline8Bit, received.TransferSyntax);
        DatasetAssert.Equal(DicomFile.Open(sample).Dataset, received.Dataset, IgnoreGroupLength);
    }

    [Fact]
    public async Task EchoAndStoreAsync_IntoStorescp_FilesMatchTheSources()
    {
        var port = LoopbackPort.Free();
        var output = Path.Combine(Path.GetTempPath(), $"pv-storescp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(output);
        try
        {
            await using (var storescp = DcmtkProcess.Start("storescp", "-aet", "STORESCP", "-od", output, port.ToString()))
            {
                await storescp.WaitForPortAsync(port);
                var peer = new DicomPeer("127.0.0.1", port, "STORESCP");
                var client = new DicomClient();

                var echo = await client.EchoAsync(peer, CancellationToken.None);
                var results = await client.StoreAsync(peer, [TestFiles.Sample(DicomClientTests.Ct), TestFiles.Sample(DicomClientTests.Mr)], CancellationToken.None);

                Assert.Equal(DimseStatus.Success, echo);
                Assert.All(results, r => Assert.True(r.IsSuccess, r.Error + storescp.Output));
            }
            foreach (var sample in new[] { DicomClientTests.Ct, DicomClientTests.Mr })
            {
                var source = DicomFile.Open(TestFiles.Sample(sample));
                var stored = Directory.GetFiles(output).Select(p => DicomFile.Open(p)).Single(f => f.SopInstanceUid == source.SopInstanceUid);
                DatasetAssert.Equal(source.Dataset, stored.Dataset, IgnoreGroupLength);
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task FindAsync_Dcmqrscp_StudyRootEachLevel()
    {
        await using var qr = await DcmqrscpPeer.StartAsync();
        var client = new DicomClient();

        var studies = await client.FindAsync(qr.Peer, QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Study, new DicomDatasetBuilder()
            .Set(DicomTags.StudyInstanceUID, DicomVR.UI, "").Set(DicomTags.PatientID, DicomVR.LO, "").ToDataset(), CancellationToken.None).ToListAsync();
        var series = await client.FindAsync(qr.Peer, QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Series, new DicomDatasetBuilder()
            .Set(DicomTags.StudyInstanceUID, DicomVR.UI, DcmqrscpPeer.BrainStudy).Set(DicomTags.SeriesInstanceUID, DicomVR.UI, "").ToDataset(), CancellationToken.None).ToListAsync();
        var images = await client.FindAsync(qr.Peer, QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Image, new DicomDatasetBuilder()
            .Set(DicomTags.StudyInstanceUID, DicomVR.UI, DcmqrscpPeer.BrainStudy).Set(DicomTags.SeriesInstanceUID, DicomVR.UI, series[0].GetFirstString(DicomTags.SeriesInstanceUID)!)
            .Set(DicomTags.SOPInstanceUID, DicomVR.UI, "").ToDataset(), CancellationToken.None).ToListAsync();

        Assert.Equal([DcmqrscpPeer.BrainStudy, DcmqrscpPeer.SiemensStudy], studies.Select(s => s.GetFirstString(DicomTags.StudyInstanceUID)!).Order(StringComparer.Ordinal));
        Assert.Single(series);
        var expected = DcmqrscpPeer.Samples.Take(3).Select(s => DicomFile.Open(TestFiles.Sample(s)).SopInstanceUid!).Order(StringComparer.Ordinal);
        Assert.Equal(expected, images.Select(i => i.GetFirstString(DicomTags.SOPInstanceUID)!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FindAsync_Dcmqrscp_PatientRootPatientLevel()
    {
        await using var qr = await DcmqrscpPeer.StartAsync();

        var patients = await new DicomClient().FindAsync(qr.Peer, QueryRetrieveModel.PatientRoot, QueryRetrieveLevel.Patient,
            new DicomDatasetBuilder().Set(DicomTags.PatientID, DicomVR.LO, "123565").Set(DicomTags.PatientName, DicomVR.PN, "").ToDataset(), CancellationToken.None).ToListAsync();

        Assert.Equal("123565", Assert.Single(patients).GetFirstString(DicomTags.PatientID));
    }

    [Fact]
    public async Task FindAsync_CancelledAfterTheFirstResult_StopsAndThrowsCancelled()
    {
        await using var qr = await DcmqrscpPeer.StartAsync();
        using var cancel = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in new DicomClient().FindAsync(qr.Peer, QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Study,
                new DicomDatasetBuilder().Set(DicomTags.StudyInstanceUID, DicomVR.UI, "").ToDataset(), cancel.Token))
            {
                seen++;
                await cancel.CancelAsync();
            }
        });
        // The peer is still usable: the cancelled association ended cleanly.
        var status = await new DicomClient().EchoAsync(qr.Peer, CancellationToken.None);

        Assert.Equal(1, seen);
        Assert.Equal(DimseStatus.Success, status);
    }

    [Fact]
    public async Task MoveAsync_DcmqrscpToOurReceiver_ReportsProgressAndDeliversTheStudy()
    {
        await using var receiver = TestReceiver.Start();
        await using var qr = await DcmqrscpPeer.StartAsync((TestReceiver.AeTitle, receiver.Port));
        var progress = new List<SubOperationProgress>();

        var result = await new DicomClient().MoveAsync(qr.Peer, QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Study,
            new DicomDatasetBuilder().Set(DicomTags.StudyInstanceUID, DicomVR.UI, DcmqrscpPeer.BrainStudy).ToDataset(),
            TestReceiver.AeTitle, new SynchronousProgress(progress), CancellationToken.None);

        Assert.True(result.Status.IsSuccess, $"{result.Status} {result.ErrorComment} {qr.Output}");
        Assert.Equal(3, result.Progress!.Completed);
        Assert.Equal(0, result.Progress.Failed);
        Assert.NotEmpty(progress);
        Assert.All(progress, p => Assert.Equal(3, p.Remaining + p.Completed + p.Failed + p.Warning));
        var expected = DcmqrscpPeer.Samples.Take(3).Select(s => DicomFile.Open(TestFiles.Sample(s)).SopInstanceUid!).Order(StringComparer.Ordinal);
        Assert.Equal(expected, receiver.ReceivedFiles().Select(p => DicomFile.Open(p).SopInstanceUid!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MoveAsync_UnknownDestination_FailureStatus()
    {
        await using var qr = await DcmqrscpPeer.StartAsync();

        var result = await new DicomClient().MoveAsync(qr.Peer, QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Study,
            new DicomDatasetBuilder().Set(DicomTags.StudyInstanceUID, DicomVR.UI, DcmqrscpPeer.BrainStudy).ToDataset(),
            "NOBODY", null, CancellationToken.None);

        Assert.True(result.Status.IsFailure, result.Status.ToString());
    }

    [Fact]
    public async Task GetAsync_Dcmqrscp_WritesTheStudyAsFiles()
    {
        await using var qr = await DcmqrscpPeer.StartAsync();
        var output = Path.Combine(Path.GetTempPath(), $"pv-get-{Guid.NewGuid():N}");
        try
        {
            var progress = new List<SubOperationProgress>();

            var result = await new DicomClient().GetAsync(qr.Peer, QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Study,
                new DicomDatasetBuilder().Set(DicomTags.StudyInstanceUID, DicomVR.UI, DcmqrscpPeer.BrainStudy).ToDataset(),
                output, new SynchronousProgress(progress), CancellationToken.None);

            Assert.True(result.Status.IsSuccess, $"{result.Status} {result.ErrorComment} {qr.Output}");
            Assert.Equal(3, result.Files.Count);
            Assert.Equal(3, result.Progress!.Completed);
            foreach (var sample in DcmqrscpPeer.Samples.Take(3))
            {
                var source = DicomFile.Open(TestFiles.Sample(sample));
                var received = result.Files.Select(p => DicomFile.Open(p)).Single(f => f.SopInstanceUid == source.SopInstanceUid);
                // dcmqrscp re-encodes what it sends (it empties a value of only padding, for one): compare what matters.
                Assert.Equal(source.TransferSyntax, received.TransferSyntax);
                Assert.Equal(source.Dataset.GetBytes(DicomTags.PixelData).ToArray(), received.Dataset.GetBytes(DicomTags.PixelData).ToArray());
                Assert.Equal(source.Dataset.GetFirstString(DicomTags.PatientID), received.Dataset.GetFirstString(DicomTags.PatientID));
                Assert.Equal(source.Dataset.GetFirstString(DicomTags.SeriesInstanceUID), received.Dataset.GetFirstString(DicomTags.SeriesInstanceUID));
            }
            Assert.Equal(3, Directory.GetFiles(output).Length);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this records in order, on the reporting thread.</summary>
    private sealed class SynchronousProgress(List<SubOperationProgress> list) : IProgress<SubOperationProgress>
    {
        public void Report(SubOperationProgress value)
        {
            lock (list)
            {
                list.Add(value);
            }
        }
    }
}
