using System.Text;
using PacsViewer.Core.Network.DicomWeb;

namespace PacsViewer.Tests.Core.Network.DicomWeb;

public sealed class MultipartRelatedWriterTests
{
    [Fact]
    public async Task WritePartAsync_ThenReader_RoundTripsBodiesAndHeaders()
    {
        var random = new Random(11);
        var bodies = new[] { new byte[0], new byte[1], new byte[100_000], Encoding.ASCII.GetBytes("\r\n--almost a boundary\r\n") };
        random.NextBytes(bodies[1]);
        random.NextBytes(bodies[2]);
        var output = new MemoryStream();
        var writer = new MultipartRelatedWriter(output, MultipartRelatedWriter.NewBoundary());
        for (var i = 0; i < bodies.Length; i++)
        {
            await writer.WritePartAsync([new("Content-Type", "application/octet-stream"), new("Content-Location", $"/part/{i}")],
                (d, ct) => d.WriteAsync(bodies[i], ct).AsTask());
        }
        await writer.CompleteAsync();

        var reader = new MultipartRelatedReader(new TrickleStream(output.ToArray(), 7), writer.Boundary);
        for (var i = 0; i < bodies.Length; i++)
        {
            var part = await reader.ReadNextPartAsync();
            Assert.NotNull(part);
            Assert.Equal($"/part/{i}", part.Location);
            using var copy = new MemoryStream();
            await part.Body.CopyToAsync(copy);
            Assert.Equal(bodies[i], copy.ToArray());
        }
        Assert.Null(await reader.ReadNextPartAsync());
    }

    [Fact]
    public async Task CompleteAsync_NoParts_WritesOnlyTheCloseDelimiter()
    {
        var output = new MemoryStream();
        var writer = new MultipartRelatedWriter(output, "xyz");

        await writer.CompleteAsync();

        Assert.Equal("--xyz--\r\n", Encoding.ASCII.GetString(output.ToArray()));
    }

    [Fact]
    public async Task WritePartAsync_HeaderValueWithLineBreak_Throws()
    {
        var writer = new MultipartRelatedWriter(new MemoryStream(), "xyz");

        await Assert.ThrowsAsync<ArgumentException>(() =>
            writer.WritePartAsync([new("Content-Type", "a\r\nInjected: yes")], (_, _) => Task.CompletedTask));
    }

    [Fact]
    public void NewBoundary_IsUniqueAndWithinRfcLength()
    {
        var a = MultipartRelatedWriter.NewBoundary();
        var b = MultipartRelatedWriter.NewBoundary();

        Assert.NotEqual(a, b);
        Assert.InRange(a.Length, 1, 70);
    }

    [Fact]
    public async Task MultipartRelatedContent_ContentType_NamesTypeAndBoundaryAndBodyParses()
    {
        using var content = new MultipartRelatedContent("application/dicom",
            [(d, ct) => d.WriteAsync("one"u8.ToArray(), ct).AsTask(), (d, ct) => d.WriteAsync("two"u8.ToArray(), ct).AsTask()]);

        var contentType = content.Headers.ContentType!.ToString();
        var bytes = await content.ReadAsByteArrayAsync();

        Assert.Contains("type=\"application/dicom\"", contentType, StringComparison.Ordinal);
        var reader = MultipartRelatedReader.Create(new MemoryStream(bytes), contentType);
        var texts = new List<string>();
        while (await reader.ReadNextPartAsync() is { } part)
        {
            Assert.Equal("application/dicom", part.MediaType);
            using var copy = new MemoryStream();
            await part.Body.CopyToAsync(copy);
            texts.Add(Encoding.ASCII.GetString(copy.ToArray()));
        }
        Assert.Equal(["one", "two"], texts);
    }
}
