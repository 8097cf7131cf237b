using System.CommandLine;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO.Json;
using PacsViewer.Core.Network.DicomWeb;
using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// <c>pacs find TARGET --level study|series|image|patient [-k Key=Value ...] [--json]</c>: C-FIND (PS3.4 C.4.1) for a
/// DIMSE peer, QIDO-RS (PS3.18 10.6) for a DICOMweb service root, printing each result as it arrives (one line of
/// keys, or one DICOM JSON object per line with --json). Both print the same keys (the level's unique key and the
/// ones asked for), so a script can switch between the two kinds of target.
/// </summary>
internal sealed class FindCommand
{
    private readonly Argument<string> _target = NetworkCommandSupport.TargetArgument();
    private readonly Option<string> _level = new("--level") { Description = "patient, study, series or image.", DefaultValueFactory = _ => "study" };
    private readonly Option<string> _model = new("--model") { Description = "Information model: study (Study Root) or patient (Patient Root).", DefaultValueFactory = _ => "study" };
    private readonly Option<string[]> _keys = new("--key", "-k") { Description = "Matching or return key: Keyword=Value, gggg,eeee=Value, or Keyword.", AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> _json = new("--json") { Description = "One DICOM JSON object (PS3.18 F.2) per result, one per line." };
    private readonly Option<string> _aet = NetworkCommandSupport.CallingAeOption();
    private readonly Option<int> _timeout = NetworkCommandSupport.TimeoutOption();
    private readonly DicomWebConnection _web = new();

    public static Command Create() => new FindCommand().Build();

    private Command Build()
    {
        var command = new Command("find", "Query a peer (C-FIND, or QIDO-RS for a DICOMweb target).") { _target, _level, _model, _keys, _json, _aet, _timeout };
        _web.AddTo(command);
        command.SetAction((parse, ct) => NetworkCommandSupport.RunAsync(parse, "find", async output =>
        {
            var target = NetworkTarget.Parse(parse.GetValue(_target)!);
            var level = parse.GetValue(_level)!.ToUpperInvariant() switch
            {
                "PATIENT" => QueryRetrieveLevel.Patient,
                "STUDY" => QueryRetrieveLevel.Study,
                "SERIES" => QueryRetrieveLevel.Series,
                "IMAGE" or "INSTANCE" => QueryRetrieveLevel.Image,
                var other => throw new FormatException($"--level must be patient, study, series or image, not '{other}'"),
            };
            var builder = new DicomDatasetBuilder();
            // The unique key of the level is always returned.
            builder.Set(level switch
            {
                QueryRetrieveLevel.Patient => DicomTags.PatientID,
                QueryRetrieveLevel.Study => DicomTags.StudyInstanceUID,
                QueryRetrieveLevel.Series => DicomTags.SeriesInstanceUID,
                _ => DicomTags.SOPInstanceUID,
            }, "");
            var identifier = NetworkCommandSupport.ParseKeys(parse.GetValue(_keys) ?? [], builder).ToDataset();
            var json = parse.GetValue(_json);
            var model = NetworkCommandSupport.Model(parse.GetValue(_model));
            var count = 0;
            if (target.DicomWebRoot is { } root)
            {
                if (level == QueryRetrieveLevel.Patient || model != QueryRetrieveModel.StudyRoot)
                {
                    throw new CliUsageException("QIDO-RS has no patient level: use --level study, series or image with a DICOMweb target");
                }
                var timeout = parse.GetValue(_timeout);
                using var http = _web.CreateHttpClient(parse, root, timeout);
                await foreach (var result in DicomWebFind.SearchAsync(DicomWebConnection.Client(http, timeout), level, identifier, ct).ConfigureAwait(false))
                {
                    count++;
                    await output.WriteLineAsync(json ? DicomJsonWriter.Serialize(result) : Describe(result)).ConfigureAwait(false);
                }
            }
            else
            {
                await foreach (var result in NetworkCommandSupport.Client(parse, _aet, _timeout)
                    .FindAsync(target.Dimse!, model, level, identifier, ct).ConfigureAwait(false))
                {
                    count++;
                    await output.WriteLineAsync(json ? DicomJsonWriter.Serialize(result) : Describe(result)).ConfigureAwait(false);
                }
            }
            if (!json)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"{count} result(s)").ConfigureAwait(false);
            }
            return CliApp.Success;
        }));
        return command;
    }

    private static string Describe(DicomDataset result) =>
        string.Join("  ", result
            .Where(e => e.Tag != DicomTags.QueryRetrieveLevel && e.Tag != DicomTags.SpecificCharacterSet && e is not DicomSequence)
            .Select(e => $"{(DicomDictionary.TryGet(e.Tag, out var entry) ? entry.Keyword : e.Tag.ToString())}={result.GetString(e.Tag)}"));
}
