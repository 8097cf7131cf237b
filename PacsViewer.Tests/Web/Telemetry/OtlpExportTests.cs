using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Web.Telemetry;

/// <summary>
/// OpenTelemetry export: none by default; with <c>OpenTelemetry:OtlpEndpoint</c> (http/protobuf) the app posts its
/// metrics and traces to the collector. The collector here is an <see cref="HttpListener"/> on a loopback port that keeps
/// what it receives; OTLP protobuf holds names as plain UTF-8, so the render histogram's name and the service name can
/// be found in the bodies.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public void AddPacsViewerWeb_NoOtlpEndpoint_RegistersNoExporter()
    {
        using var factory = new PacsViewerWebApplicationFactory();

        Assert.Null(factory.Services.GetService<MeterProvider>());
        Assert.Null(factory.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task Render_OtlpEndpointConfigured_MetricsAndTracesPostedToTheCollector()
    {
        var port = LoopbackPort.Free();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new ConcurrentDictionary<string, StringBuilder>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();
        var collector = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var text = Encoding.UTF8.GetString(body.ToArray());
                received.AddOrUpdate(context.Request.Url!.AbsolutePath, _ => new StringBuilder(text), (_, b) => b.Append(text));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        await using var factory = new OtlpFactory(new Uri($"http://127.0.0.1:{port}"));
        using var client = factory.CreateClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Radiologist);
        var file = DicomFile.Open(TestFiles.Sample("ct/CT2_RLE.dcm"));
        await factory.Services.GetRequiredService<LocalArchive>().StoreAsync(file);
        var d = file.Dataset;
        var path = $"/api/sources/archive/studies/{d.GetFirstString(DicomTags.StudyInstanceUID)}/series/{d.GetFirstString(DicomTags.SeriesInstanceUID)}" +
            $"/instances/{file.SopInstanceUid}/frames/1/rendered?format=png";

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(factory.Services.GetRequiredService<MeterProvider>().ForceFlush(30_000), "the metrics were not flushed");
        Assert.True(factory.Services.GetRequiredService<TracerProvider>().ForceFlush(30_000), "the traces were not flushed");
        await stop.CancelAsync();
        listener.Stop();
        await collector;

        Assert.Contains("pacsviewer.frame.render.duration", received.GetValueOrDefault("/v1/metrics")?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Contains("pacsviewer.cache.lookups", received.GetValueOrDefault("/v1/metrics")?.ToString() ?? "", StringComparison.Ordinal);
        var traces = received.GetValueOrDefault("/v1/traces")?.ToString() ?? "";
        Assert.Contains("frame.render", traces, StringComparison.Ordinal);
        Assert.Contains("PacsViewer", traces, StringComparison.Ordinal);
    }

    private sealed class OtlpFactory(Uri endpoint) : PacsViewerWebApplicationFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // Host settings (passed to Program as arguments): seen while Program registers its services.
            builder.UseSetting("OpenTelemetry:OtlpEndpoint", endpoint.ToString());
            builder.UseSetting("OpenTelemetry:OtlpProtocol", "http/protobuf");
        }
    }
}
