using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PacsViewer.Tests.Fixtures;

/// <summary>
/// A real Orthanc with its DICOMweb plugin, started as a child process on free loopback ports for interop tests.
/// Storage and index live in a temporary directory removed on dispose. Remote access and authentication are off;
/// the test talks to it on 127.0.0.1 only (Orthanc 1.10 binds all interfaces, see recipes). When Orthanc or the plugin
/// is missing, <see cref="StartAsync"/> fails with a message saying what to install: interop tests never pass silently.
/// </summary>
public sealed class OrthancServer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/Orthanc";
    public const string DicomWebPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";
    public const string DefaultAeTitle = "ORTHANC";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log;

    private OrthancServer(Process process, string directory, StringBuilder log, int httpPort, int dicomPort, string aeTitle)
    {
        _process = process;
        _directory = directory;
        _log = log;
        HttpPort = httpPort;
        DicomPort = dicomPort;
        AeTitle = aeTitle;
        Rest = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public int HttpPort { get; }

    /// <summary>The DIMSE port (C-ECHO/FIND/MOVE/GET/STORE SCP).</summary>
    public int DicomPort { get; }

    public string AeTitle { get; }

    /// <summary>The REST API root, <c>http://127.0.0.1:{HttpPort}/</c>.</summary>
    public Uri BaseAddress => Rest.BaseAddress!;

    /// <summary>The DICOMweb service root, <c>http://127.0.0.1:{HttpPort}/dicom-web/</c>.</summary>
    public Uri DicomWebRoot => new(BaseAddress, "dicom-web/");

    /// <summary>An HttpClient on the REST API root.</summary>
    public HttpClient Rest { get; }

    /// <summary>The last lines Orthanc wrote (for failure messages).</summary>
    public string LogTail
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts Orthanc and waits until its REST API answers.</summary>
    public static async Task<OrthancServer> StartAsync(IEnumerable<OrthancModality>? modalities = null, string aeTitle = DefaultAeTitle,
        CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Executable) || !File.Exists(DicomWebPlugin))
        {
            throw new InvalidOperationException(
                $"Orthanc interop tests need {Executable} and {DicomWebPlugin}: apt-get install -y orthanc orthanc-dicomweb (./test.sh installs them as root)");
        }
        var directory = Directory.CreateTempSubdirectory("pacsviewer-orthanc-").FullName;
        var httpPort = LoopbackPort.Free();
        var dicomPort = LoopbackPort.Free(httpPort);
        var config = new JsonObject
        {
            ["Name"] = "PacsViewerTests",
            ["StorageDirectory"] = Path.Combine(directory, "storage"),
            ["IndexDirectory"] = Path.Combine(directory, "index"),
            ["Plugins"] = new JsonArray(DicomWebPlugin),
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["HttpPort"] = httpPort,
            ["DicomAet"] = aeTitle,
            ["DicomPort"] = dicomPort,
            ["DicomCheckCalledAet"] = false,
            ["DicomAlwaysAllowEcho"] = true,
            ["DicomAlwaysAllowStore"] = true,
            ["DicomAlwaysAllowFind"] = true,
            ["DicomAlwaysAllowGet"] = true,
            ["DicomAlwaysAllowMove"] = true,
            ["DicomModalities"] = Modalities(modalities ?? []),
            ["DicomWeb"] = new JsonObject
            {
                ["Enable"] = true,
                ["Root"] = "/dicom-web/",
                ["StudiesMetadata"] = "Full",
                ["SeriesMetadata"] = "Full",
            },
        };
        var configPath = Path.Combine(directory, "orthanc.json");
        await File.WriteAllTextAsync(configPath, config.ToJsonString(), cancellationToken);

        var log = new StringBuilder();
        var start = new ProcessStartInfo(Executable, [configPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new OrthancServer(process, directory, log, httpPort, dicomPort, aeTitle);
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Uploads one Part 10 file (<c>POST /instances</c>); returns Orthanc's answer, or null when it rejects the file.</summary>
    public async Task<JsonObject?> UploadAsync(string path, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(path, cancellationToken));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        using var response = await Rest.PostAsync("instances", content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null; // some sample files are rejected as bad format, which is right
        }
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))?.AsObject();
    }

    /// <summary>Declares (or replaces) a DICOM peer at run time (<c>PUT /modalities/{name}</c>).</summary>
    public async Task AddModalityAsync(OrthancModality modality, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modality);
        var body = new JsonObject { ["AET"] = modality.AeTitle, ["Host"] = modality.Host, ["Port"] = modality.Port };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Rest.PutAsync($"modalities/{Uri.EscapeDataString(modality.Name)}", content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Deletes the instance with this SOP Instance UID (<c>POST /tools/lookup</c>, <c>DELETE /instances/{id}</c>; its study
    /// goes with its last instance), so a test that stored new objects leaves the shared fixture as it found it. Returns
    /// whether it was there.
    /// </summary>
    public async Task<bool> DeleteInstanceAsync(string sopInstanceUid, CancellationToken cancellationToken = default)
    {
        using var lookup = await Rest.PostAsync("tools/lookup", new StringContent(sopInstanceUid), cancellationToken);
        lookup.EnsureSuccessStatusCode();
        var deleted = false;
        foreach (var hit in JsonNode.Parse(await lookup.Content.ReadAsStringAsync(cancellationToken))!.AsArray())
        {
            if (hit?["Type"]?.GetValue<string>() == "Instance")
            {
                using var response = await Rest.DeleteAsync($"instances/{hit["ID"]!.GetValue<string>()}", cancellationToken);
                response.EnsureSuccessStatusCode();
                deleted = true;
            }
        }
        return deleted;
    }

    /// <summary>Orthanc's identifiers of all stored instances (<c>GET /instances</c>).</summary>
    public async Task<IReadOnlyList<string>> InstanceIdsAsync(CancellationToken cancellationToken = default)
    {
        var json = await Rest.GetStringAsync("instances", cancellationToken);
        return JsonSerializer.Deserialize<string[]>(json) ?? [];
    }

    /// <summary>Stops Orthanc (SIGTERM, then kill after 15 s) and deletes its storage.</summary>
    public async ValueTask DisposeAsync()
    {
        Rest.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
                       { UseShellExecute = false }))
                {
                    if (kill is not null)
                    {
                        await kill.WaitForExitAsync();
                    }
                }
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still being released: the temp directory is left behind, nothing else.
            }
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Orthanc exited with code {_process.ExitCode} before it was ready:\n{LogTail}");
            }
            try
            {
                using var response = await Rest.GetAsync("system", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Orthanc did not answer GET /system within 60 s:\n{LogTail}");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    private static JsonObject Modalities(IEnumerable<OrthancModality> modalities)
    {
        var result = new JsonObject();
        foreach (var m in modalities)
        {
            result[m.Name] = new JsonObject { ["AET"] = m.AeTitle, ["Host"] = m.Host, ["Port"] = m.Port };
        }
        return result;
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            log.AppendLine(line);
            if (log.Length > 16_000)
            {
                log.Remove(0, log.Length - 8_000);
            }
        }
    }
}
