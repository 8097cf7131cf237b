using System.Text;

namespace PacsViewer.Cli;

/// <summary>
/// The one format of a failed command: <c>pacs VERB: PATH: reason</c> on one line, the path named once. Core's
/// messages often start with the file name themselves and .NET's I/O messages repeat the full path, so the reason is
/// taken without either.
/// </summary>
internal static class CliErrors
{
    /// <summary>One line for <paramref name="e"/>, which happened while <paramref name="verb"/> worked on <paramref name="path"/>.</summary>
    public static string Describe(string verb, string path, Exception e) => $"pacs {verb}: {path}: {Reason(path, e)}";

    /// <summary>Why <paramref name="e"/> happened, without the path.</summary>
    internal static string Reason(string path, Exception e)
    {
        // File-system failures, whether thrown directly or wrapped by the reader: a fixed reason, no .NET path text.
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case FileNotFoundException:
                    return "no such file";
                case DirectoryNotFoundException:
                    return "no such directory";
                case UnauthorizedAccessException:
                    return Directory.Exists(path) ? "is a directory, not a file" : "permission denied";
                case PathTooLongException:
                    return "the path is too long";
            }
        }
        var message = OneLine(e.Message);
        foreach (var prefix in new[] { path, Path.GetFileName(path) })
        {
            if (prefix.Length > 0 && message.StartsWith(prefix + ": ", StringComparison.Ordinal))
            {
                message = message[(prefix.Length + 2)..];
                break;
            }
        }
        var full = Path.GetFullPath(path);
        message = message.Replace($"'{full}'", "the file", StringComparison.Ordinal).Replace(full, "the file", StringComparison.Ordinal);
        return message.Length == 0 ? e.GetType().Name : message;
    }

    /// <summary><paramref name="message"/> with line breaks turned into spaces (scripts read the first line).</summary>
    public static string OneLine(string message)
    {
        var sb = new StringBuilder(message.Length);
        foreach (var c in message)
        {
            sb.Append(c is '\r' or '\n' ? ' ' : c);
        }
        return sb.ToString().Trim();
    }
}
