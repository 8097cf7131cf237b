using System.Text;
using PacsViewer.Core.Network.DicomWeb;

namespace PacsViewer.Tests.Core.Network.DicomWeb;

public sealed class MultipartRelatedReaderTests
{
    private const string Boundary = "b0undary-1234";

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    private static async Task<List<(IReadOnlyDictionary<string, string> Headers, byte[] Body)>> ReadAllAsync(MultipartRelatedReader reader)
    {
        var parts = new List<(IReadOnlyDictionary<string, string>, byte[])>();
        while (await reader.ReadNextPartAsync() is { } part)
        {
            using var body = new MemoryStream();
            await part.Body.CopyToAsync(body);
            parts.Add((part.Headers, body.ToArray()));
        }
        return parts;
    }

    [Fact]
    public async Task ReadNextPartAsync_TwoPartsWithPreambleAndEpilogue_ReturnsHeadersAndBodies()
    {
        var body = Ascii("preamble to ignore\r\n--" + Boundary + "\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n"
            + "Content-Location: http://x/frames/1\r\n\r\nAB\r\nCD\r\n--" + Boundary + "\r\nContent-Type: text/plain\r\n\r\nsecond\r\n--" + Boundary
            + "--\r\nepilogue");
        var reader = new MultipartRelatedReader(new MemoryStream(body), Boundary);

        var first = await reader.ReadNextPartAsync();
        Assert.NotNull(first);
        Assert.Equal("application/octet-stream", first.MediaType);
        Assert.Equal("1.2.840.10008.1.2.1", first.TransferSyntaxUid);
        Assert.Equal("http://x/frames/1", first.Location);
        using (var copy = new MemoryStream())
        {
            await first.Body.CopyToAsync(copy);
            Assert.Equal("AB\r\nCD", Encoding.ASCII.GetString(copy.ToArray()));
        }
        var second = await reader.ReadNextPartAsync();
        Assert.NotNull(second);
        Assert.Equal("text/plain", second.ContentType);
        Assert.Null(await reader.ReadNextPartAsync());
        Assert.Null(await reader.ReadNextPartAsync());
    }

    [Fact]
    public async Task ReadNextPartAsync_OneByteReads_SplitsBoundariesAcrossReadsCorrectly()
    {
        // Bodies hold near-delimiters: CRLF, "--", and the boundary without its CRLF.
        var bodies = new[] { Ascii("\r\n--" + Boundary[..5] + "\r\n-"), Ascii("x--" + Boundary + "y"), new byte[70_000] };
        new Random(7).NextBytes(bodies[2]);
        var text = new StringBuilder();
        foreach (var b in bodies)
        {
            text.Append("--").Append(Boundary).Append("\r\nContent-Type: application/octet-stream\r\n\r\n").Append(Encoding.Latin1.GetString(b)).Append("\r\n");
        }
        text.Append("--").Append(Boundary).Append("--");
        var stream = new TrickleStream(Ascii(text.ToString()));

        var parts = await ReadAllAsync(new MultipartRelatedReader(stream, Boundary));

        Assert.Equal(3, parts.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(bodies[i], parts[i].Body);
        }
        Assert.True(stream.Reads > 70_000, "the stream was read one byte at a time");
    }

    [Fact]
    public async Task ReadNextPartAsync_UnreadBody_IsSkippedAndItsStreamEnds()
    {
        var body = Ascii($"--{Boundary}\r\n\r\nfirst body\r\n--{Boundary}\r\n\r\nsecond\r\n--{Boundary}--");
        var reader = new MultipartRelatedReader(new TrickleStream(body, 3), Boundary);

        var first = await reader.ReadNextPartAsync();
        var second = await reader.ReadNextPartAsync();

        Assert.NotNull(first);
        Assert.Equal(0, await first.Body.ReadAsync(new byte[10]));
        Assert.Empty(first.Headers);
        Assert.NotNull(second);
        using var copy = new MemoryStream();
        await second.Body.CopyToAsync(copy);
        Assert.Equal("second", Encoding.ASCII.GetString(copy.ToArray()));
    }

    [Fact]
    public async Task ReadNextPartAsync_NoParts_ReturnsNull()
    {
        var reader = new MultipartRelatedReader(new MemoryStream(Ascii($"--{Boundary}--\r\n")), Boundary);

        Assert.Null(await reader.ReadNextPartAsync());
    }

    [Fact]
    public async Task ReadNextPartAsync_WrongBoundary_ThrowsNamingIt()
    {
        var reader = new MultipartRelatedReader(new MemoryStream(Ascii("--other\r\n\r\nx\r\n--other--")), Boundary);

        var e = await Assert.ThrowsAsync<MultipartFormatException>(() => reader.ReadNextPartAsync());
        Assert.Contains("no delimiter line", e.Message, StringComparison.Ordinal);
        Assert.Contains(Boundary, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadNextPartAsync_NoClosingDelimiter_ThrowsTruncated()
    {
        var reader = new MultipartRelatedReader(new TrickleStream(Ascii($"--{Boundary}\r\n\r\nbody that never ends"), 4), Boundary);

        var part = await reader.ReadNextPartAsync();
        Assert.NotNull(part);
        var e = await Assert.ThrowsAsync<MultipartFormatException>(() => part.Body.CopyToAsync(Stream.Null));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadNextPartAsync_EndsAfterDelimiter_ThrowsTruncated()
    {
        var reader = new MultipartRelatedReader(new MemoryStream(Ascii($"--{Boundary}\r\n\r\nbody\r\n--{Boundary}")), Boundary);

        await reader.ReadNextPartAsync();
        var e = await Assert.ThrowsAsync<MultipartFormatException>(() => reader.ReadNextPartAsync());
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadNextPartAsync_TruncatedHeaders_Throws()
    {
        var reader = new MultipartRelatedReader(new MemoryStream(Ascii($"--{Boundary}\r\nContent-Type: applica")), Boundary);

        var e = await Assert.ThrowsAsync<MultipartFormatException>(() => reader.ReadNextPartAsync());
        Assert.Contains("inside the headers", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadNextPartAsync_HeaderLongerThanLimit_ThrowsWithoutReadingOn()
    {
        var huge = $"--{Boundary}\r\nX-Long: " + new string('a', 10_000_000);
        var stream = new MemoryStream(Ascii(huge));
        var reader = new MultipartRelatedReader(stream, Boundary, maxHeaderBytes: 1024);

        var e = await Assert.ThrowsAsync<MultipartFormatException>(() => reader.ReadNextPartAsync());
        Assert.Contains("longer than 1024 bytes", e.Message, StringComparison.Ordinal);
        Assert.True(stream.Position < 1_000_000, $"read {stream.Position} bytes before refusing");
    }

    [Fact]
    public async Task ReadNextPartAsync_HeaderLineWithoutColon_Throws()
    {
        var reader = new MultipartRelatedReader(new MemoryStream(Ascii($"--{Boundary}\r\nnot a header\r\n\r\nx\r\n--{Boundary}--")), Boundary);

        await Assert.ThrowsAsync<MultipartFormatException>(() => reader.ReadNextPartAsync());
    }

    [Fact]
    public async Task ReadNextPartAsync_GarbageAfterDelimiter_Throws()
    {
        var reader = new MultipartRelatedReader(new MemoryStream(Ascii($"--{Boundary}XYZ\r\n\r\nx\r\n--{Boundary}--")), Boundary);

        var e = await Assert.ThrowsAsync<MultipartFormatException>(() => reader.ReadNextPartAsync());
        Assert.Contains("0x58", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("multipart/related; type=\"application/dicom\"")]
    [InlineData("application/dicom+json")]
    [InlineData("not a content type;;;")]
    [InlineData(null)]
    public void Create_ContentTypeWithoutBoundary_Throws(string? contentType)
    {
        Assert.Throws<MultipartFormatException>(() => MultipartRelatedReader.Create(Stream.Null, contentType));
    }

    [Fact]
    public void GetBoundary_QuotedBoundaryAndTypeWithParameters_Unquotes()
    {
        var boundary = MultipartRelatedReader.GetBoundary(
            "multipart/related; type=\"image/jls; transfer-syntax=1.2.840.10008.1.2.4.80\"; boundary=\"a:b c\"");

        Assert.Equal("a:b c", boundary);
    }
}
