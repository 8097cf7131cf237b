using System.Diagnostics;
using System.Text;
using PacsViewer.Cli;
using PacsViewer.Tests.Core.Network.DicomWeb;

namespace PacsViewer.Tests.Cli;

/// <summary>
/// DICOMweb credentials of the network verbs, seen by a real Kestrel on 127.0.0.1 that records each request's headers.
/// The environment-variable cases run the built <c>pacs</c> as a child process, so no test changes this process's
/// environment.
/// </summary>
public sealed class DicomWebCredentialsTests
{
    private static readonly byte[] EmptyResult = "[]"u8.ToArray();

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Fact]
    public async Task Echo_UserAndPassword_SendsBasicAuthorization()
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(200, "application/dicom+json", EmptyResult));

        var (code, output, error) = await CliRunner.RunAsync("echo", server.DicomWebRoot.ToString(), "--user", "viewer", "--password", "pw");

        Assert.True(code == 0, error);
        Assert.Contains("HTTP 200 OK", output);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/dicom-web/studies", request.Path);
        Assert.Equal("?limit=1", request.Query);
        Assert.Equal(Basic("viewer", "pw"), request.Headers["Authorization"]);
    }

    [Fact]
    public async Task Find_Token_SendsBearerAuthorization()
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(200, "application/dicom+json", EmptyResult));

        var (code, _, error) = await CliRunner.RunAsync("find", server.DicomWebRoot.ToString(), "--token", "abc.def");

        Assert.True(code == 0, error);
        Assert.Equal("Bearer abc.def", Assert.Single(server.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task Echo_Unauthorized_OneLineWithStatusNotTheSecret()
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(401, "text/plain", "no"u8.ToArray()));

        var (code, _, error) = await CliRunner.RunAsync("echo", server.DicomWebRoot.ToString(), "--user", "viewer", "--password", "secret-pw");

        Assert.Equal(CliApp.Failure, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("pacs echo: DICOMweb GET /dicom-web/studies: HTTP 401 Unauthorized: the server refused the credentials", error);
        Assert.DoesNotContain("secret-pw", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echo_EnvironmentVariables_SendBasicAuthorization()
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(200, "application/dicom+json", EmptyResult));

        var (code, output) = await RunPacsAsync(new() { ["PACS_USER"] = "env-user", ["PACS_PASSWORD"] = "env-pw" }, "echo", server.DicomWebRoot.ToString());

        Assert.True(code == 0, output);
        Assert.Equal(Basic("env-user", "env-pw"), Assert.Single(server.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task Echo_TokenOnCommandLineUserInEnvironment_CommandLineWins()
    {
        await using var server = await ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(200, "application/dicom+json", EmptyResult));

        var (code, output) = await RunPacsAsync(new() { ["PACS_USER"] = "env-user", ["PACS_PASSWORD"] = "env-pw" },
            "echo", server.DicomWebRoot.ToString(), "--token", "cli-token");

        Assert.True(code == 0, output);
        Assert.Equal("Bearer cli-token", Assert.Single(server.Requests).Headers["Authorization"]);
    }

    /// <summary>Runs the built pacs.dll with extra environment variables (hang detector: 120 s).</summary>
    private static async Task<(int ExitCode, string Output)> RunPacsAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        foreach (var name in new[] { "PACS_USER", "PACS_PASSWORD", "PACS_TOKEN" })
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
