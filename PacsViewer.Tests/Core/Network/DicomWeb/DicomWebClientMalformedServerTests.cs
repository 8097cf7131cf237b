using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.DicomWeb;

namespace PacsViewer.Tests.Core.Network.DicomWeb;

/// <summary>What the client does with a DICOMweb server that answers badly: a clear <see cref="DicomWebException"/>.</summary>
public sealed class DicomWebClientMalformedServerTests
{
    private const string Study = "1.2.3";
    private const string Series = "1.2.3.4";
    private const string Sop = "1.2.3.4.5";

    private static async Task<DicomWebException> SearchFailsAsync(int status, string? contentType, string body, QidoQuery? query = null)
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(status, contentType, Encoding.UTF8.GetBytes(body)));
        using var http = new HttpClient { BaseAddress = server.DicomWebRoot };
        return await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (var _ in new DicomWebClient(http).SearchStudiesAsync(query))
            {
            }
        });
    }

    [Fact]
    public async Task SearchStudiesAsync_TruncatedJson_ThrowsNotAJsonArray()
    {
        var e = await SearchFailsAsync(200, "application/dicom+json", "[{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2");

        Assert.Contains("not a JSON array", e.Message, StringComparison.Ordinal);
        Assert.Equal("/dicom-web/studies", e.Path);
        Assert.IsType<System.Text.Json.JsonException>(e.InnerException);
    }

    [Fact]
    public async Task SearchStudiesAsync_ObjectInsteadOfArray_Throws()
    {
        var e = await SearchFailsAsync(200, "application/dicom+json", "{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2\"]}}");

        Assert.Contains("not a JSON array", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchStudiesAsync_BadTagKey_ThrowsMalformedDicomJsonNamingTheResult()
    {
        var e = await SearchFailsAsync(200, "application/dicom+json", "[{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2\"]}},{\"00ZZ\":{\"vr\":\"UI\"}}]");

        Assert.Contains("result 1 is malformed DICOM JSON", e.Message, StringComparison.Ordinal);
        Assert.IsType<DicomFormatException>(e.InnerException);
    }

    [Fact]
    public async Task SearchStudiesAsync_HtmlPage_ThrowsUnexpectedContentType()
    {
        var e = await SearchFailsAsync(200, "text/html", "<html>login</html>");

        Assert.Contains("expected application/dicom+json, got text/html", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchStudiesAsync_ServerError_ThrowsStatusAndPathWithoutPatientData()
    {
        var e = await SearchFailsAsync(500, "text/plain", "boom", QidoQuery.All.Match(DicomTags.PatientName, "SECRET^PATIENT"));

        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Contains("GET /dicom-web/studies: HTTP 500", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchStudiesAsync_ResponseOverTheLimit_ThrowsInsteadOfGrowing()
    {
        var item = "{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}}";
        var body = "[" + string.Join(',', Enumerable.Repeat(item, 1000)) + "]";
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(200, "application/dicom+json", Encoding.UTF8.GetBytes(body)));
        using var http = new HttpClient { BaseAddress = server.DicomWebRoot };
        var client = new DicomWebClient(http, new DicomWebClientOptions { MaxJsonBytes = 10_000 });

        var count = 0;
        var e = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (var _ in client.SearchStudiesAsync())
            {
                count++;
            }
        });

        Assert.Contains("larger than the limit of 10000 bytes", e.Message, StringComparison.Ordinal);
        Assert.InRange(count, 1, 999);
    }

    [Fact]
    public async Task RetrieveInstanceAsync_ServerStallsMidBody_ThrowsAfterTheIdleTimeout()
    {
        using var release = new CancellationTokenSource();
        await using var server = await ScriptedHttpServer.StartAsync(async context =>
        {
            context.Response.Headers.ContentType = "multipart/related; type=\"application/dicom\"; boundary=xyz";
            await context.Response.Body.WriteAsync("--xyz\r\nContent-Type: application/dicom\r\n\r\nDI"u8.ToArray());
            await context.Response.Body.FlushAsync();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(60), release.Token); // hang detector: released when the test ends
            }
            catch (OperationCanceledException)
            {
            }
        });
        using var http = new HttpClient { BaseAddress = server.DicomWebRoot };
        var client = new DicomWebClient(http, new DicomWebClientOptions { BodyIdleTimeout = TimeSpan.FromMilliseconds(300) });

        var e = await Assert.ThrowsAsync<DicomWebException>(() => client.RetrieveInstanceAsync(Study, Series, Sop));
        await release.CancelAsync();

        Assert.Contains("sent nothing for", e.Message, StringComparison.Ordinal);
        Assert.IsType<TimeoutException>(e.InnerException);
    }

    [Fact]
    public async Task SearchStudiesAsync_NoContent_ReturnsNothing()
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(204, null, []));
        using var http = new HttpClient { BaseAddress = server.DicomWebRoot };

        var count = 0;
        await foreach (var _ in new DicomWebClient(http).SearchStudiesAsync())
        {
            count++;
        }

        Assert.Equal(0, count);
    }

    private static async Task<DicomWebException> RetrieveInstanceFailsAsync(string contentType, byte[] body)
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(200, contentType, body));
        using var http = new HttpClient { BaseAddress = server.DicomWebRoot };
        return await Assert.ThrowsAsync<DicomWebException>(() => new DicomWebClient(http).RetrieveInstanceAsync(Study, Series, Sop));
    }

    [Fact]
    public async Task RetrieveInstanceAsync_MultipartWithoutBoundary_Throws()
    {
        var e = await RetrieveInstanceFailsAsync("multipart/related; type=\"application/dicom\"", "--x\r\n\r\n"u8.ToArray());

        Assert.Contains("no boundary parameter", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetrieveInstanceAsync_TruncatedMultipart_ThrowsTruncated()
    {
        var body = Encoding.ASCII.GetBytes("--xyz\r\nContent-Type: application/dicom\r\n\r\n" + new string('\0', 200));

        var e = await RetrieveInstanceFailsAsync("multipart/related; type=\"application/dicom\"; boundary=xyz", body);

        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.IsType<MultipartFormatException>(e.InnerException);
    }

    [Fact]
    public async Task RetrieveInstanceAsync_PartIsNotDicom_ThrowsNamingThePart()
    {
        var body = Encoding.ASCII.GetBytes("--xyz\r\nContent-Type: application/dicom\r\n\r\nthis is not DICOM\r\n--xyz--");

        var e = await RetrieveInstanceFailsAsync("multipart/related; type=\"application/dicom\"; boundary=xyz", body);

        Assert.Contains("part 1", e.Message, StringComparison.Ordinal);
        Assert.IsType<DicomFormatException>(e.InnerException);
    }

    [Fact]
    public async Task RetrieveInstanceAsync_PartOfAnotherType_Throws()
    {
        var body = Encoding.ASCII.GetBytes("--xyz\r\nContent-Type: text/html\r\n\r\n<html/>\r\n--xyz--");

        var e = await RetrieveInstanceFailsAsync("multipart/related; type=\"application/dicom\"; boundary=xyz", body);

        Assert.Contains("part 1 is text/html", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetrieveFramesAsync_FewerPartsThanFrames_Throws()
    {
        var body = Encoding.ASCII.GetBytes("--xyz\r\nContent-Type: application/octet-stream\r\n\r\nABCD\r\n--xyz--");
        await using var server = await ScriptedHttpServer.StartAsync(
            ScriptedHttpServer.Answer(200, "multipart/related; type=\"application/octet-stream\"; boundary=xyz", body));
        using var http = new HttpClient { BaseAddress = server.DicomWebRoot };

        var e = await Assert.ThrowsAsync<DicomWebException>(() => new DicomWebClient(http).RetrieveFramesAsync(Study, Series, Sop, [1, 2]));

        Assert.Contains("1 parts for the 2 frames", e.Message, StringComparison.Ordinal);
        var request = Assert.Single(server.Requests);
        Assert.Equal($"/dicom-web/studies/{Study}/series/{Series}/instances/{Sop}/frames/1,2", request.Path); // %2C, decoded by Kestrel
        Assert.Equal("multipart/related; type=\"application/octet-stream\"", request.Headers["Accept"]);
    }

    [Fact]
    public async Task StoreAsync_MalformedResponse_Throws()
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(200, "application/dicom+json", "{\"00081199\":"u8.ToArray()));
        using var http = new HttpClient { BaseAddress = server.DicomWebRoot };
        var file = DicomFile.Open(TestFiles.Sample("sc/SC_rgb_small_odd.dcm"));

        var e = await Assert.ThrowsAsync<DicomWebException>(() => new DicomWebClient(http).StoreAsync([file]));

        Assert.Contains("POST /dicom-web/studies", e.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetrieveSeriesAsync_SlowServer_YieldsFirstInstanceBeforeTheRestIsSent()
    {
        var first = await File.ReadAllBytesAsync(TestFiles.Sample("series/mr_brain_ge_axial_pd/brain_002.dcm"));
        var second = await File.ReadAllBytesAsync(TestFiles.Sample("series/mr_brain_ge_axial_pd/brain_003.dcm"));
        var firstReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restSentBeforeFirstReceived = false;
        await using var server = await ScriptedHttpServer.StartAsync(async context =>
        {
            context.Response.Headers.ContentType = "multipart/related; type=\"application/dicom\"; boundary=slow";
            await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("--slow\r\nContent-Type: application/dicom\r\n\r\n"));
            await context.Response.Body.WriteAsync(first);
            await context.Response.Body.WriteAsync("\r\n--slow"u8.ToArray());
            await context.Response.Body.FlushAsync();
            // Hang detector only: a client that waits for the whole body would never signal.
            var signalled = await Task.WhenAny(firstReceived.Task, Task.Delay(TimeSpan.FromSeconds(30))) == firstReceived.Task;
            restSentBeforeFirstReceived = !signalled;
            await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("\r\nContent-Type: application/dicom\r\n\r\n"));
            await context.Response.Body.WriteAsync(second);
            await context.Response.Body.WriteAsync("\r\n--slow--\r\n"u8.ToArray());
        });
        using var http = new HttpClient { BaseAddress = server.DicomWebRoot };

        var sops = new List<string>();
        await foreach (var file in new DicomWebClient(http).RetrieveSeriesAsync(Study, Series))
        {
            sops.Add(file.SopInstanceUid!);
            firstReceived.TrySetResult();
        }

        Assert.False(restSentBeforeFirstReceived, "the first instance was only delivered after the whole response");
        Assert.Equal([DicomFile.Read(first).SopInstanceUid!, DicomFile.Read(second).SopInstanceUid!], sops);
        Assert.Equal("multipart/related; type=\"application/dicom\"; transfer-syntax=*", Assert.Single(server.Requests).Headers["Accept"]);
    }

    [Theory]
    [InlineData("user", "pa:ss", null, "Basic dXNlcjpwYTpzcw==")]
    [InlineData(null, null, "tok.en", "Bearer tok.en")]
    public async Task AuthenticationHandler_Credentials_SendsAuthorizationHeader(string? user, string? password, string? token, string expected)
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(200, "application/dicom+json", "[]"u8.ToArray()));
        using var http = new HttpClient(new DicomWebAuthenticationHandler(user, password, token) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = server.DicomWebRoot,
        };

        await foreach (var _ in new DicomWebClient(http).SearchStudiesAsync())
        {
        }

        Assert.Equal(expected, Assert.Single(server.Requests).Headers["Authorization"]);
    }
}
