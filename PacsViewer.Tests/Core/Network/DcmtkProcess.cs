using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PacsViewer.Tests.Core.Network;

/// <summary>dcmtk network tools as peers: one-shot commands (storescu, echoscu) and servers (storescp, dcmqrscp).</summary>
internal sealed class DcmtkProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DcmtkProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    public static DcmtkProcess Start(string tool, params string[] args)
    {
        var path = "/usr/bin/" + tool;
        Assert.True(File.Exists(path), $"{path} is missing (apt-get install dcmtk)");
        var start = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        return new DcmtkProcess(Process.Start(start)!);
    }

    /// <summary>Runs a tool to completion (hang detector: 120 s) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] args)
    {
        await using var process = Start(tool, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process._process.WaitForExitAsync(timeout.Token);
        return (process._process.ExitCode, process.Output);
    }

    /// <summary>Waits until something accepts connections on the port (the server is up), at most 30 s.</summary>
    public Task WaitForPortAsync(int port) => WaitForListenerAsync(port, () => Assert.False(_process.HasExited, $"the dcmtk server exited early: {Output}"));

    /// <summary>Waits until something accepts connections on the port, at most 30 s; <paramref name="check"/> runs before each try.</summary>
    public static async Task WaitForListenerAsync(int port, Action? check = null)
    {
        for (var i = 0; i < 300; i++)
        {
            check?.Invoke();
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        Assert.Fail($"nothing listens on port {port}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
        _process.Dispose();
    }
}
