using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.UpperLayer;

/// <summary><see cref="PduReader"/> over a <see cref="PduReadAheadStream"/>: a P-DATA-TF body read with the next PDU's header.</summary>
public sealed class PduReadAheadStreamTests
{
    private static byte[] Data(byte contextId, bool last, params byte[] fragment) =>
        PduWriter.Encode(new PDataTransferPdu([new PresentationDataValue(contextId, false, last, fragment)]));

    /// <summary>Hands out at most <paramref name="chunk"/> bytes a read, like a socket with data arriving in pieces.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public int Reads { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Reads++;
            return base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
        }
    }

    [Fact]
    public async Task ReadAsync_ConsecutiveDataPdus_ReadsEachBodyWithTheNextHeaderInOneRead()
    {
        var bytes = Data(1, false, 1, 2, 3).Concat(Data(1, false, 4, 5)).Concat(PduWriter.Encode(new ReleaseRequestPdu())).ToArray();
        var inner = new ChunkedStream(bytes, int.MaxValue);
        await using var stream = new PduReadAheadStream(inner);

        var first = Assert.IsType<PDataTransferPdu>(await PduReader.ReadAsync(stream, PduLimits.Default, CancellationToken.None));
        Assert.Equal(6, stream.Buffered); // the second PDU's header came with the first body
        var second = Assert.IsType<PDataTransferPdu>(await PduReader.ReadAsync(stream, PduLimits.Default, CancellationToken.None));
        var release = await PduReader.ReadAsync(stream, PduLimits.Default, CancellationToken.None);
        var end = await PduReader.ReadAsync(stream, PduLimits.Default, CancellationToken.None);

        Assert.Equal([1, 2, 3], first.Values.Single().Data.ToArray());
        Assert.Equal([4, 5], second.Values.Single().Data.ToArray());
        Assert.IsType<ReleaseRequestPdu>(release);
        Assert.Null(end);
        // Header + body of the first, then one read per PDU (its body with the next header), then the end.
        Assert.Equal(5, inner.Reads);
    }

    [Fact]
    public async Task ReadAsync_BytesTricklingInOneAtATime_ReadsTheSamePdus()
    {
        var bytes = Data(1, false, 1, 2, 3).Concat(Data(3, true, 9)).ToArray();
        await using var stream = new PduReadAheadStream(new ChunkedStream(bytes, 1));

        var first = Assert.IsType<PDataTransferPdu>(await PduReader.ReadAsync(stream, PduLimits.Default, CancellationToken.None));
        var second = Assert.IsType<PDataTransferPdu>(await PduReader.ReadAsync(stream, PduLimits.Default, CancellationToken.None));

        Assert.Equal([1, 2, 3], first.Values.Single().Data.ToArray());
        Assert.Equal((byte)3, second.Values.Single().PresentationContextId);
        Assert.True(second.Values.Single().IsLast);
        Assert.Null(await PduReader.ReadAsync(stream, PduLimits.Default, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_PartOfTheNextHeaderReadAhead_CompletesItFromTheStream()
    {
        // The first body arrives with 2 of the next header's 6 bytes: the rest is read from the stream.
        var firstPdu = Data(1, false, 1, 2, 3);
        var bytes = firstPdu.Concat(Data(1, true, 7)).ToArray();
        var chunks = new Queue<int>([6, firstPdu.Length - 6 + 2, int.MaxValue]);
        await using var stream = new PduReadAheadStream(new CallbackStream(bytes, () => chunks.Count > 0 ? chunks.Dequeue() : int.MaxValue));

        await PduReader.ReadAsync(stream, PduLimits.Default, CancellationToken.None);
        Assert.Equal(2, stream.Buffered);
        var second = Assert.IsType<PDataTransferPdu>(await PduReader.ReadAsync(stream, PduLimits.Default, CancellationToken.None));

        Assert.Equal([7], second.Values.Single().Data.ToArray());
    }

    [Fact]
    public async Task ReadAsync_MalformedHeaderReadAhead_ThrowsPduFormatExceptionWithoutAnotherRead()
    {
        // The header taken from the read-ahead bytes is checked like one read from the stream (PS3.8 9.3.1).
        var bytes = Data(1, false, 1, 2, 3).Concat("GET / "u8.ToArray()).ToArray();
        var inner = new ChunkedStream(bytes, int.MaxValue);
        await using var stream = new PduReadAheadStream(inner);
        await PduReader.ReadAsync(stream, PduLimits.Default, CancellationToken.None);
        var readsBefore = inner.Reads;

        var e = await Assert.ThrowsAsync<PduFormatException>(async () => await PduReader.ReadAsync(stream, PduLimits.Default, CancellationToken.None));

        Assert.Contains("HTTP", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, stream.Buffered);
        Assert.Equal(readsBefore, inner.Reads);
    }

    [Fact]
    public void Unread_WhileBytesAreStillUnread_Throws()
    {
        using var stream = new PduReadAheadStream(new MemoryStream());
        stream.Unread([1, 2]);

        Assert.Throws<InvalidOperationException>(() => stream.Unread([3]));
        Assert.Equal(2, stream.Buffered);
    }

    /// <summary>Each read hands out as many bytes as the callback says.</summary>
    private sealed class CallbackStream(byte[] bytes, Func<int> next) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(next(), buffer.Length)], cancellationToken);
    }
}
