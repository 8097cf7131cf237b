namespace PacsViewer.Cli.Commands;

/// <summary>The command line parsed but asks for something the verb cannot do with this target: exit code 2, one line.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
