using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PacsViewer.Core;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Tests.Core.Network.DicomWeb;

namespace PacsViewer.Tests.Core.Archive;

/// <summary>Pacs:Sources binding, validation and the resilience of the DICOMweb HttpClients, against a scripted loopback server.</summary>
public sealed class PacsSourceRegistrationTests : IDisposable
{
    private readonly TempDirectory _cache = new("pacsviewer-cache-");

    public void Dispose() => _cache.Dispose();

    /// <summary>The app's Core services; the retrieval cache in front of the remote sources lives in a folder of this test.</summary>
    private ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddPacsViewerCore(new ConfigurationBuilder().AddInMemoryCollection(settings)
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Cache:Path"] = _cache.Path }).Build())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

    private static Dictionary<string, string?> Source(string url, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pacs:Sources:0:Name"] = "pacs",
            ["Pacs:Sources:0:Kind"] = "DicomWeb",
            ["Pacs:Sources:0:Url"] = url,
        };
        foreach (var (key, value) in extra)
        {
            settings["Pacs:Sources:0:" + key] = value;
        }
        return settings;
    }

    [Fact]
    public async Task AddPacsViewerCore_NoPacsSection_RegistersOnlyTheBuiltInArchive()
    {
        await using var provider = Build([]);

        Assert.IsType<PacsViewer.Core.Archive.Local.LocalArchive>(Assert.Single(provider.GetServices<IStudySource>()));
        Assert.Empty(provider.GetRequiredService<IOptions<PacsOptions>>().Value.Sources);
    }

    [Theory]
    [InlineData("Pacs:Sources:0:Url", "not a url", "absolute http or https URL")]
    [InlineData("Pacs:Sources:0:Url", "ftp://pacs/dicom-web", "absolute http or https URL")]
    [InlineData("Pacs:Sources:0:Kind", "dimse", "AeTitle")]
    [InlineData("Pacs:Sources:0:BearerToken", "t", "not both")]
    [InlineData("Pacs:Sources:1:Name", "PACS", "used 2 times")]
    public void AddPacsViewerCore_InvalidSource_ThrowsNamingTheProblem(string key, string value, string expected)
    {
        var settings = Source("http://127.0.0.1:1/dicom-web/", ("UserName", "u"), ("Password", "p"));
        settings[key] = value;
        if (key.StartsWith("Pacs:Sources:1", StringComparison.Ordinal))
        {
            settings["Pacs:Sources:1:Kind"] = "archive";
        }

        var e = Assert.Throws<OptionsValidationException>(() => Build(settings));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"p\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PacsSourceOptions_ToString_LeavesCredentialsOut()
    {
        var options = new PacsSourceOptions { Name = "pacs", Kind = PacsSourceKind.DicomWeb, Url = "http://h/dw/", UserName = "alice", Password = "hunter2", BearerToken = "tok" };

        var text = options.ToString();

        Assert.Contains("http://h/dw/", text, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tok", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchStudiesAsync_TransientServerError_IsRetriedWithCredentials()
    {
        var calls = 0;
        await using var server = await ScriptedHttpServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 503;
                return;
            }
            context.Response.ContentType = "application/dicom+json";
            await context.Response.Body.WriteAsync("[{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}}]"u8.ToArray());
        });
        await using var provider = Build(Source(server.DicomWebRoot.ToString(), ("UserName", "alice"), ("Password", "secret")));
        var source = provider.GetRequiredKeyedService<IStudySource>("pacs");

        var studies = new List<string?>();
        await foreach (var study in source.SearchStudiesAsync(new StudyQuery { PatientId = "X*" }))
        {
            studies.Add(study.GetFirstString(PacsViewer.Core.Dicom.Dictionary.DicomTags.StudyInstanceUID));
        }

        Assert.Equal(["1.2.3"], studies);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:secret")), r.Headers["Authorization"]));
        Assert.All(server.Requests, r => Assert.Contains("00100020=X*", r.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StoreAsync_TransientServerError_IsNotRetriedAndReportsTheSource()
    {
        await using var server = await ScriptedHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        await using var provider = Build(Source(server.DicomWebRoot.ToString()));
        var source = provider.GetRequiredKeyedService<IStudySource>("pacs");

        var e = await Assert.ThrowsAsync<StudySourceException>(() => source.StoreAsync(DicomFile.Open(TestFiles.Sample("sc/SC_rgb_small_odd.dcm"))));

        Assert.Equal("pacs", e.SourceId);
        Assert.Contains("HTTP 503", e.Message, StringComparison.Ordinal);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("multipart/related; type=\"application/dicom\"; boundary=", request.Headers["Content-Type"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchStudiesAsync_NothingListening_ThrowsStudySourceException()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        await using var provider = Build(Source($"http://127.0.0.1:{port}/dicom-web/", ("Retries", "0")));
        var source = provider.GetRequiredKeyedService<IStudySource>("pacs");

        var e = await Assert.ThrowsAsync<StudySourceException>(async () =>
        {
            await foreach (var _ in source.SearchStudiesAsync(new StudyQuery { PatientName = "SECRET*" }))
            {
            }
        });

        Assert.Equal("pacs", e.SourceId);
        Assert.Contains("the request failed", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", e.Message, StringComparison.Ordinal);
    }
}
