using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using PacsViewer.Core.Network.DicomWeb;
using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// <c>pacs echo TARGET</c>: C-ECHO (PS3.4 A.4), like dcmtk's echoscu, for a DIMSE peer; for a DICOMweb service root
/// the cheapest QIDO-RS request there is (<c>GET studies?limit=1</c>, PS3.18 10.6), reporting its HTTP status and
/// round-trip time.
/// </summary>
internal sealed class EchoCommand
{
    private readonly Argument<string> _target = NetworkCommandSupport.TargetArgument();
    private readonly Option<string> _aet = NetworkCommandSupport.CallingAeOption();
    private readonly Option<int> _timeout = NetworkCommandSupport.TimeoutOption();
    private readonly DicomWebConnection _web = new();

    public static Command Create() => new EchoCommand().Build();

    private Command Build()
    {
        var command = new Command("echo", "Check that a peer answers (C-ECHO, or a QIDO-RS request for a DICOMweb target).") { _target, _aet, _timeout };
        _web.AddTo(command);
        command.SetAction((parse, ct) => NetworkCommandSupport.RunAsync(parse, "echo", async output =>
        {
            var target = NetworkTarget.Parse(parse.GetValue(_target)!);
            if (target.DicomWebRoot is { } root)
            {
                return await EchoDicomWebAsync(parse, root, output, ct).ConfigureAwait(false);
            }
            var peer = target.Dimse!;
            var status = await NetworkCommandSupport.Client(parse, _aet, _timeout).EchoAsync(peer, ct).ConfigureAwait(false);
            await output.WriteLineAsync($"C-ECHO {peer}: status {status}").ConfigureAwait(false);
            return status.IsSuccess ? CliApp.Success : CliApp.Failure;
        }));
        return command;
    }

    private async Task<int> EchoDicomWebAsync(ParseResult parse, Uri root, TextWriter output, CancellationToken cancellationToken)
    {
        var timeout = parse.GetValue(_timeout);
        using var http = _web.CreateHttpClient(parse, root, timeout);
        var uri = new Uri(root, "studies?limit=1");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("Accept", DicomWebMediaTypes.DicomJson);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            var status = $"HTTP {(int)response.StatusCode} {response.StatusCode}";
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NoContent))
            {
                var problem = response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "the server refused the credentials (see --user/--password, --token)",
                    HttpStatusCode.NotFound => "no QIDO-RS service at this path (is the target the DICOMweb service root?)",
                    _ when (int)response.StatusCode is >= 300 and < 400 => $"redirected to {response.Headers.Location?.GetLeftPart(UriPartial.Path)}; give that URL as the target",
                    _ => "the server answered an error",
                };
                throw new DicomWebException("GET", uri.AbsolutePath, response.StatusCode, problem);
            }
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"DICOMweb {root}: {status} (QIDO-RS GET {uri.AbsolutePath}) in {elapsed:0} ms")).ConfigureAwait(false);
            return CliApp.Success;
        }
        catch (HttpRequestException e)
        {
            throw new DicomWebException("GET", uri.AbsolutePath, null, $"the request failed ({e.HttpRequestError}): {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DicomWebException("GET", uri.AbsolutePath, null, $"no answer within {timeout} s", e);
        }
    }
}
