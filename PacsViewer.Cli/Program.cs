namespace PacsViewer.Cli;

/// <summary>The `pacs` entry point. Named apart from the web app's Program so tests can reference both.</summary>
internal static class PacsProgram
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return await CliApp.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
    }
}
