using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Network.UpperLayer;

using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Network.Dimse;

/// <summary>Our service user against our receiver, both in this process on 127.0.0.1.</summary>
public class DicomClientTests
{
    internal const string Ct = "ct/CT-MONO2-16-ankle.dcm";          // implicit VR little endian
    internal const string Mr = "mr/MR-SIEMENS-DICOM-WithOverlays.dcm"; // explicit VR little endian
    internal const string JpegBaseline = "us/IM00001.fragmented_no_bot_jpeg_baseline.50.dcm";

    private sealed class RecordingHandler(Func<ReceivedInstance, Task>? action = null) : IReceivedInstanceHandler
    {
        public List<(ReceivedInstance Instance, bool ExistedWhenCalled)> Calls { get; } = [];

        public async Task OnReceivedAsync(ReceivedInstance instance, CancellationToken cancellationToken)
        {
            Calls.Add((instance, File.Exists(instance.Path)));
            if (action is not null)
            {
                await action(instance);
            }
        }
    }

    private static bool IgnoreGroupLength(DicomElement e) => e.Tag.IsGroupLength;

    [Fact]
    public async Task EchoAsync_OurReceiver_Success()
    {
        await using var receiver = TestReceiver.Start();

        var status = await new DicomClient().EchoAsync(receiver.Peer, CancellationToken.None);

        Assert.Equal(DimseStatus.Success, status);
    }

    [Fact]
    public async Task EchoAsync_WrongCalledAeTitle_RejectedWithReason()
    {
        await using var receiver = TestReceiver.Start();

        var e = await Assert.ThrowsAsync<AssociationRejectedException>(() =>
            new DicomClient().EchoAsync(receiver.Peer with { CalledAeTitle = "SOMEONEELSE" }, CancellationToken.None));

        Assert.Equal(AssociationRejection.CalledAeNotRecognized, e.Rejection);
        Assert.Contains("called AE title not recognized", e.Message);
    }

    [Fact]
    public async Task EchoAsync_CallingAeTitleNotAllowed_Rejected()
    {
        await using var receiver = TestReceiver.Start(configure: o => o with { AllowedCallingAeTitles = ["MODALITY1"] });

        var e = await Assert.ThrowsAsync<AssociationRejectedException>(() => new DicomClient().EchoAsync(receiver.Peer, CancellationToken.None));
        var allowed = await new DicomClient(new DicomClientOptions { CallingAeTitle = "MODALITY1" }).EchoAsync(receiver.Peer, CancellationToken.None);

        Assert.Equal(AssociationRejection.CallingAeNotRecognized, e.Rejection);
        Assert.Equal(DimseStatus.Success, allowed);
    }

    [Fact]
    public async Task EchoAsync_UserIdentityRequired_WrongPasswordRejectedRightOneAcceptedWithPositiveResponse()
    {
        await using var receiver = TestReceiver.Start(configure: o => o with
        {
            UserIdentityValidator = new UsernamePasswordValidator(new Dictionary<string, string> { ["alice"] = "correct" }),
        });
        DicomClient ClientWith(UserIdentity? identity) => new(new DicomClientOptions { UserIdentity = identity });
        var request = new AssociationRequest
        {
            CalledAeTitle = TestReceiver.AeTitle,
            CallingAeTitle = "TESTSCU",
            PresentationContexts = [new PresentationContext(1, DicomUids.Verification, [DicomTransferSyntax.ImplicitVRLittleEndian.Uid])],
            UserInformation = new UserInformation { UserIdentity = UserIdentity.FromUsernamePassword("alice", "correct", positiveResponseRequested: true) },
        };

        var wrong = await Assert.ThrowsAsync<AssociationRejectedException>(() => ClientWith(UserIdentity.FromUsernamePassword("alice", "wrong")).EchoAsync(receiver.Peer, CancellationToken.None));
        var none = await Assert.ThrowsAsync<AssociationRejectedException>(() => ClientWith(null).EchoAsync(receiver.Peer, CancellationToken.None));
        var right = await ClientWith(UserIdentity.FromUsernamePassword("alice", "correct")).EchoAsync(receiver.Peer, CancellationToken.None);
        await using var association = await DicomAssociation.ConnectAsync("127.0.0.1", receiver.Port, request, AssociationOptions.Default, CancellationToken.None);

        Assert.Equal(AssociationRejection.NoReasonGiven, wrong.Rejection);
        Assert.Equal(AssociationRejection.NoReasonGiven, none.Rejection);
        Assert.Equal(DimseStatus.Success, right);
        Assert.NotNull(association.Accept.UserInformation.UserIdentityServerResponse);
        await association.ReleaseAsync(CancellationToken.None);
        Assert.Equal(AssociationState.Sta1, association.State);
    }

    [Fact]
    public async Task EchoAsync_NothingListening_FailsWithConnectionError()
    {
        var port = LoopbackPort.Free();

        var e = await Assert.ThrowsAsync<DicomNetworkException>(() =>
            new DicomClient().EchoAsync(new DicomPeer("127.0.0.1", port, "X"), CancellationToken.None));

        Assert.Contains($"cannot connect to 127.0.0.1:{port}", e.Message);
    }

    [Theory]
    [InlineData(Ct)]
    [InlineData(Mr)]
    [InlineData(JpegBaseline)]
    public async Task StoreAsync_OurReceiver_WritesTheSameDataSetUnderAGeneratedName(string sample)
    {
        var handler = new RecordingHandler();
        await using var receiver = TestReceiver.Start(handler);
        var source = DicomFile.Open(TestFiles.Sample(sample));

        var result = Assert.Single(await new DicomClient(new DicomClientOptions { CallingAeTitle = "SENDER" })
            .StoreAsync(receiver.Peer, [TestFiles.Sample(sample)], CancellationToken.None));

        Assert.True(result.IsSuccess, result.Error);
        var path = Assert.Single(receiver.ReceivedFiles());
        Assert.Single(receiver.AllFiles()); // no temporary file left
        Assert.DoesNotContain(source.SopInstanceUid!, Path.GetFileName(path));
        var (instance, existed) = Assert.Single(handler.Calls);
        Assert.True(existed);
        Assert.Equal(path, instance.Path);
        Assert.Equal("SENDER", instance.CallingAeTitle);
        Assert.Equal(TestReceiver.AeTitle, instance.CalledAeTitle);
        Assert.Equal(source.SopInstanceUid, instance.SopInstanceUid);
        Assert.Equal(source.SopClassUid, instance.SopClassUid);
        var received = DicomFile.Open(path);
        Assert.Equal(DicomImplementation.ClassUid, received.FileMetaInformation.GetFirstString(DicomTags.ImplementationClassUID));
        Assert.Equal(source.SopInstanceUid, received.FileMetaInformation.GetFirstString(DicomTags.MediaStorageSOPInstanceUID));
        Assert.Equal("SENDER", received.FileMetaInformation.GetFirstString(DicomTags.SourceApplicationEntityTitle));
        Assert.Equal(instance.TransferSyntaxUid, received.TransferSyntax.Uid);
        if (source.TransferSyntax.IsEncapsulated)
        {
            Assert.Equal(source.TransferSyntax, received.TransferSyntax);
        }
        DatasetAssert.Equal(source.Dataset, received.Dataset, IgnoreGroupLength);
    }

    [Fact]
    public async Task StoreAsync_ReceiverAcceptsOnlyImplicit_ConvertsExplicitFile()
    {
        await using var receiver = TestReceiver.Start(configure: o => o with { TransferSyntaxes = [DicomTransferSyntax.ImplicitVRLittleEndian.Uid] });
        var source = DicomFile.Open(TestFiles.Sample(Mr));
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian, source.TransferSyntax);

        var result = Assert.Single(await new DicomClient().StoreAsync(receiver.Peer, [TestFiles.Sample(Mr)], CancellationToken.None));

        Assert.True(result.IsSuccess, result.Error);
        var received = DicomFile.Open(Assert.Single(receiver.ReceivedFiles()));
        Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian, received.TransferSyntax);
        DatasetAssert.Equal(source.Dataset, received.Dataset, e => e.Tag.IsGroupLength || e.Tag.IsPrivate);
    }

    [Fact]
    public async Task StoreAsync_CompressedFileToUncompressedOnlyReceiver_FailsClearlyAndSendsNothing()
    {
        await using var receiver = TestReceiver.Start(configure: o => o with { TransferSyntaxes = [DicomTransferSyntax.ExplicitVRLittleEndian.Uid] });

        var results = await new DicomClient().StoreAsync(receiver.Peer, [TestFiles.Sample(JpegBaseline), TestFiles.Sample(Ct)], CancellationToken.None);

        Assert.Null(results[0].Status);
        Assert.Contains("never decompressed", results[0].Error);
        Assert.Contains("JPEG Baseline", results[0].Error);
        Assert.True(results[1].IsSuccess);
        Assert.Single(receiver.ReceivedFiles());
    }

    [Fact]
    public async Task StoreAsync_NotDicom_ReportsTheFileWithoutConnecting()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pv-notdicom-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, "hello");
        try
        {
            var result = Assert.Single(await new DicomClient().StoreAsync(new DicomPeer("127.0.0.1", LoopbackPort.Free(), "X"), [path], CancellationToken.None));

            Assert.False(result.IsSuccess);
            Assert.Contains("not a readable DICOM file", result.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task StoreAsync_HandlerThrows_FailureStatusAndNoFileLeft()
    {
        var handler = new RecordingHandler(_ => throw new InvalidOperationException("index unavailable"));
        await using var receiver = TestReceiver.Start(handler);

        var result = Assert.Single(await new DicomClient().StoreAsync(receiver.Peer, [TestFiles.Sample(Ct)], CancellationToken.None));

        Assert.Equal(DimseStatus.ProcessingFailure, result.Status);
        Assert.False(result.IsSuccess);
        Assert.Single(handler.Calls);
        Assert.Empty(receiver.AllFiles());
    }

    [Fact]
    public async Task StoreAsync_IncomingDirectoryNotWritable_OutOfResourcesForEachAndNoAbort()
    {
        var notADirectory = Path.Combine(Path.GetTempPath(), $"pv-file-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(notADirectory, "a file where the incoming directory should be");
        try
        {
            await using var receiver = TestReceiver.Start(configure: o => o with { IncomingDirectory = Path.Combine(notADirectory, "incoming") });

            var results = await new DicomClient().StoreAsync(receiver.Peer, [TestFiles.Sample(Ct), TestFiles.Sample(Mr)], CancellationToken.None);

            // Both answered on the one association: the first failure did not abort it.
            Assert.All(results, r => Assert.Equal(DimseStatus.OutOfResources, r.Status));
        }
        finally
        {
            File.Delete(notADirectory);
        }
    }

    [Fact]
    public async Task StoreAsync_ReceiverWithSmallMaximumPdu_FragmentsAndArrivesWhole()
    {
        await using var receiver = TestReceiver.Start(association: AssociationOptions.Default with { MaxPduLength = 4096 });
        var source = DicomFile.Open(TestFiles.Sample(Ct));

        var result = Assert.Single(await new DicomClient(new DicomClientOptions { Association = AssociationOptions.Default with { MaxPduLength = 4096 } })
            .StoreAsync(receiver.Peer, [TestFiles.Sample(Ct)], CancellationToken.None));

        Assert.True(result.IsSuccess, result.Error);
        DatasetAssert.Equal(source.Dataset, DicomFile.Open(Assert.Single(receiver.ReceivedFiles())).Dataset, IgnoreGroupLength);
    }

    [Fact]
    public async Task StoreAsync_InMemoryReport_Stored()
    {
        await using var receiver = TestReceiver.Start();
        var dataset = new DicomDatasetBuilder()
            .Set(DicomTags.SOPClassUID, DicomVR.UI, DicomUids.BasicTextSRStorage)
            .Set(DicomTags.SOPInstanceUID, DicomVR.UI, "2.25.1234567890")
            .Set(DicomTags.Modality, DicomVR.CS, "SR")
            .ToDataset();

        var result = await new DicomClient().StoreAsync(receiver.Peer, new DicomFile(DicomDataset.Empty, dataset, DicomTransferSyntax.ExplicitVRLittleEndian), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal("2.25.1234567890", DicomFile.Open(Assert.Single(receiver.ReceivedFiles())).SopInstanceUid);
    }

    [Fact]
    public async Task EchoAndStore_OverTlsWithSelfSignedCertificate_Succeed()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        using var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
        await using var receiver = TestReceiver.Start(certificate: certificate);
        var tls = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == certificate.GetCertHashString(),
        };
        var client = new DicomClient(new DicomClientOptions { Association = AssociationOptions.Default with { Tls = tls } });

        var echo = await client.EchoAsync(receiver.Peer, CancellationToken.None);
        var store = Assert.Single(await client.StoreAsync(receiver.Peer, [TestFiles.Sample(Ct)], CancellationToken.None));
        var plain = await Assert.ThrowsAnyAsync<DicomNetworkException>(() => new DicomClient(new DicomClientOptions
        {
            Association = AssociationOptions.Default with { ArtimTimeout = TimeSpan.FromSeconds(2) },
        }).EchoAsync(receiver.Peer, CancellationToken.None));

        Assert.Equal(DimseStatus.Success, echo);
        Assert.True(store.IsSuccess, store.Error);
        Assert.Single(receiver.ReceivedFiles());
        Assert.NotNull(plain);
    }
}
