using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.UpperLayer;

/// <summary>
/// The bounded counterpart of the PDU fuzz target: valid PDUs with bytes flipped, lengths rewritten and bodies cut
/// (fixed seed). Each must parse or fail with <see cref="PduFormatException"/>, nothing else.
/// </summary>
public class PduReaderMutationTests
{
    private static IEnumerable<byte[]> Seeds()
    {
        yield return PduWriter.Encode(new AssociateRequestPdu(PduReaderTests.SampleRequest()));
        yield return PduWriter.Encode(new AssociateAcceptPdu(new AssociationAccept
        {
            CalledAeTitle = "A",
            CallingAeTitle = "B",
            PresentationContexts = [new PresentationContext(1, "", ["1.2.840.10008.1.2"])],
            UserInformation = new UserInformation { UserIdentityServerResponse = new byte[] { 1 } },
        }));
        yield return PduWriter.Encode(new PDataTransferPdu([new PresentationDataValue(1, true, true, new byte[40]), new PresentationDataValue(3, false, false, new byte[7])]));
        yield return PduWriter.Encode(new AbortPdu(2, 1));
    }

    [Fact]
    public async Task ReadAsync_MutatedPdus_ParseOrThrowPduFormatException()
    {
        var random = new Random(20261129);
        var limits = new PduLimits { MaxDataPduLength = 64 * 1024, MaxAssociatePduLength = 64 * 1024 };
        var parsed = 0;
        var rejected = 0;
        foreach (var seed in Seeds())
        {
            for (var i = 0; i < 1500; i++)
            {
                var bytes = (byte[])seed.Clone();
                var edits = random.Next(1, 4);
                for (var e = 0; e < edits; e++)
                {
                    var at = random.Next(bytes.Length);
                    bytes[at] = random.Next(3) switch { 0 => (byte)random.Next(256), 1 => 0xFF, _ => 0x00 };
                }
                if (random.Next(5) == 0)
                {
                    bytes = bytes[..random.Next(bytes.Length)];
                }
                try
                {
                    await PduReader.ReadAsync(new MemoryStream(bytes), limits, CancellationToken.None);
                    parsed++;
                }
                catch (PduFormatException)
                {
                    rejected++;
                }
            }
        }

        Assert.True(parsed > 0 && rejected > 0, $"parsed {parsed}, rejected {rejected}: the mutations should produce both");
    }
}
