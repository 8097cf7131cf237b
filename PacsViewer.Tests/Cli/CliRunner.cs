using PacsViewer.Cli;

namespace PacsViewer.Tests.Cli;

/// <summary>Runs the pacs command line in-process and captures what it writes.</summary>
internal static class CliRunner
{
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    /// <summary>As <see cref="RunAsync(string[])"/>, with <paramref name="cancellationToken"/> standing for Ctrl+C.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
