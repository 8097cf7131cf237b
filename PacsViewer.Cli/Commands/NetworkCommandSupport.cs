using System.CommandLine;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Network.DicomWeb;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Cli.Commands;

/// <summary>What the network verbs share: the TARGET argument, --aet, timeouts and turning failures into one line.</summary>
internal static class NetworkCommandSupport
{
    public const string DefaultAeTitle = "PACSVIEWER";

    public static Argument<string> TargetArgument() => new("target")
    {
        Description = "The peer: dicom://CALLED_AE@host:port (DIMSE) or http(s)://host:port/dicom-web (DICOMweb service root).",
    };

    public static Option<string> CallingAeOption() => new("--aet") { Description = "Our (calling) AE title.", DefaultValueFactory = _ => DefaultAeTitle };

    public static Option<int> TimeoutOption() => new("--timeout")
    {
        Description = "Seconds to wait for the connection, the association and each response.",
        DefaultValueFactory = _ => 30,
    };

    public static DicomClient Client(ParseResult parse, Option<string> aet, Option<int> timeout) =>
        new(new DicomClientOptions
        {
            CallingAeTitle = parse.GetValue(aet)!,
            Association = Timers(parse.GetValue(timeout)),
        });

    public static AssociationOptions Timers(int seconds) => AssociationOptions.Default with
    {
        ArtimTimeout = TimeSpan.FromSeconds(seconds),
        DimseTimeout = TimeSpan.FromSeconds(seconds),
        IdleTimeout = TimeSpan.FromSeconds(Math.Max(seconds, 60)),
    };

    /// <summary>
    /// Runs a network verb: a refused association, an abort, a timeout, an HTTP error status (with the URL path,
    /// never the query string), a bad target or a file problem is one line on standard error (prefixed with the verb)
    /// and exit code 1, never a stack trace; a <see cref="CliUsageException"/> is one line and exit code 2.
    /// </summary>
    public static async Task<int> RunAsync(ParseResult parse, string verb, Func<TextWriter, Task<int>> action)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return await action(parse.InvocationConfiguration.Output).ConfigureAwait(false);
        }
        catch (CliUsageException e)
        {
            await error.WriteLineAsync($"pacs {verb}: {OneLine(e.Message)}").ConfigureAwait(false);
            return CliApp.UsageError;
        }
        catch (Exception e) when (e is DicomNetworkException or DicomWebException or FormatException or IOException or UnauthorizedAccessException or DicomFormatException or ArgumentException)
        {
            await error.WriteLineAsync($"pacs {verb}: {OneLine(e.Message)}").ConfigureAwait(false);
            return CliApp.Failure;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync($"pacs {verb}: cancelled").ConfigureAwait(false);
            return CliApp.Failure;
        }
    }

    /// <summary>
    /// Query keys: <c>Keyword=Value</c>, <c>gggg,eeee=Value</c>, or a bare keyword/tag to have it returned.
    /// </summary>
    public static DicomDatasetBuilder ParseKeys(IEnumerable<string> keys, DicomDatasetBuilder builder)
    {
        foreach (var key in keys)
        {
            var eq = key.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? key : key[..eq];
            var value = eq < 0 ? "" : key[(eq + 1)..];
            DicomTag tag;
            if (DicomDictionary.TryGetByKeyword(name, out var entry))
            {
                tag = entry.Tag;
            }
            else if (!DicomTag.TryParse(name, out tag))
            {
                throw new FormatException($"'{name}' is neither a DICOM keyword nor a tag (gggg,eeee)");
            }
            builder.Set(tag, value);
        }
        return builder;
    }

    public static QueryRetrieveModel Model(string? model) => model?.ToUpperInvariant() switch
    {
        null or "STUDY" => QueryRetrieveModel.StudyRoot,
        "PATIENT" => QueryRetrieveModel.PatientRoot,
        _ => throw new FormatException($"--model must be study or patient, not '{model}'"),
    };

    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
