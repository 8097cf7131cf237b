using System.CommandLine;
using System.Globalization;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.DicomWeb;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// <c>pacs store TARGET FILES...</c>: C-STORE (PS3.4 B) of files and directories (recursively), like storescu, or
/// STOW-RS (PS3.18 10.5) for a DICOMweb target, with one line per file either way.
/// </summary>
internal sealed class StoreCommand
{
    private readonly Argument<string> _target = NetworkCommandSupport.TargetArgument();
    private readonly Argument<string[]> _files = new("files") { Description = "Files or directories to send.", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string> _aet = NetworkCommandSupport.CallingAeOption();
    private readonly Option<int> _timeout = NetworkCommandSupport.TimeoutOption();
    private readonly DicomWebConnection _web = new();

    public static Command Create() => new StoreCommand().Build();

    private Command Build()
    {
        var command = new Command("store", "Send DICOM files to a peer (C-STORE, or STOW-RS for a DICOMweb target).") { _target, _files, _aet, _timeout };
        _web.AddTo(command);
        command.SetAction((parse, ct) => NetworkCommandSupport.RunAsync(parse, "store", async output =>
        {
            var target = NetworkTarget.Parse(parse.GetValue(_target)!);
            var paths = new List<string>();
            foreach (var item in parse.GetValue(_files)!)
            {
                if (Directory.Exists(item))
                {
                    paths.AddRange(Directory.EnumerateFiles(item, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
                }
                else if (File.Exists(item))
                {
                    paths.Add(item);
                }
                else
                {
                    throw new FileNotFoundException($"{item}: no such file or directory");
                }
            }
            var (total, failed) = target.DicomWebRoot is { } root
                ? await StowAsync(parse, root, paths, output, ct).ConfigureAwait(false)
                : await CStoreAsync(parse, target, paths, output, ct).ConfigureAwait(false);
            if (failed > 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"pacs store: {failed} of {total} files were not stored").ConfigureAwait(false);
                return CliApp.Failure;
            }
            return CliApp.Success;
        }));
        return command;
    }

    private async Task<(int Total, int Failed)> CStoreAsync(ParseResult parse, NetworkTarget target, List<string> paths, TextWriter output,
        CancellationToken cancellationToken)
    {
        var results = await NetworkCommandSupport.Client(parse, _aet, _timeout).StoreAsync(target.Dimse!, paths, cancellationToken).ConfigureAwait(false);
        foreach (var r in results)
        {
            await output.WriteLineAsync(r.IsSuccess
                ? $"stored {r.Source} ({r.Status})"
                : $"FAILED {r.Source}: {r.Error ?? r.Status?.ToString()}").ConfigureAwait(false);
        }
        return (results.Count, results.Count(r => !r.IsSuccess));
    }

    /// <summary>
    /// One STOW-RS request with every readable file, each streamed from disk as it is sent. The response names
    /// instances by SOP Instance UID (PS3.18 10.5.3), so each file's UID is read first (header only) to report per file.
    /// </summary>
    private async Task<(int Total, int Failed)> StowAsync(ParseResult parse, Uri root, List<string> paths, TextWriter output,
        CancellationToken cancellationToken)
    {
        var failed = 0;
        var sendable = new List<(string Path, string Uid)>();
        foreach (var path in paths)
        {
            string? uid;
            try
            {
                var header = DicomFile.Open(path, new DicomReaderOptions { StopBeforePixelData = true }, cancellationToken);
                uid = header.Dataset.GetString(DicomTags.SOPInstanceUID);
            }
            catch (Exception e) when (e is DicomFormatException or IOException or UnauthorizedAccessException)
            {
                await output.WriteLineAsync($"FAILED {path}: {CliErrors.Reason(path, e)}").ConfigureAwait(false);
                failed++;
                continue;
            }
            if (string.IsNullOrEmpty(uid))
            {
                await output.WriteLineAsync($"FAILED {path}: no SOP Instance UID").ConfigureAwait(false);
                failed++;
                continue;
            }
            sendable.Add((path, uid));
        }
        if (sendable.Count == 0)
        {
            return (paths.Count, failed);
        }
        var timeout = parse.GetValue(_timeout);
        using var http = _web.CreateHttpClient(parse, root, timeout);
        var result = await DicomWebConnection.Client(http, timeout)
            .StoreFilesAsync([.. sendable.Select(s => s.Path)], null, cancellationToken).ConfigureAwait(false);
        var stored = result.StoredSopInstanceUids.ToHashSet(StringComparer.Ordinal);
        var failures = result.Failures.Where(f => f.SopInstanceUid is not null).ToDictionary(f => f.SopInstanceUid!, StringComparer.Ordinal);
        foreach (var (path, uid) in sendable)
        {
            if (failures.TryGetValue(uid, out var failure))
            {
                await output.WriteLineAsync($"FAILED {path}: {Reason(failure)}").ConfigureAwait(false);
                failed++;
            }
            else if (stored.Contains(uid))
            {
                await output.WriteLineAsync($"stored {path} (HTTP {result.StatusCode})").ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync($"FAILED {path}: the server's response (HTTP {result.StatusCode}) does not name this instance").ConfigureAwait(false);
                failed++;
            }
        }
        return (paths.Count, failed);
    }

    private static string Reason(StowFailure failure) => failure.FailureReason is { } code
        ? string.Create(CultureInfo.InvariantCulture, $"refused by the server, failure reason 0x{code:X4}") + code switch
        {
            0xA700 => " (out of resources)",
            0xA900 => " (data set does not match SOP class)",
            0xC000 => " (cannot understand)",
            0x0110 => " (processing failure)",
            0x0122 => " (SOP class not supported)",
            0x0124 => " (not authorized)",
            _ => "",
        }
        : "refused by the server (no reason given)";
}
