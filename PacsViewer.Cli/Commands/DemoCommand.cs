using System.CommandLine;
using System.Globalization;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// <c>pacs demo -o DIR [--seed N]</c>: writes the generated demo studies (the ones that seed the built-in archive: CT,
/// MR, CR, US; synthetic patients, no bundled images) as Part 10 files, <c>DIR/MODALITY/NNNN.dcm</c>. The same seed
/// always gives the same objects and UIDs; without one the UIDs are fresh.
/// </summary>
internal sealed class DemoCommand
{
    private readonly Option<string> _output = new("--output", "-o") { Description = "Directory for the files (created if needed).", Required = true };
    private readonly Option<string?> _seed = new("--seed") { Description = "Seed of the generator: the same seed gives the same UIDs (default: random)." };

    public static Command Create() => new DemoCommand().Build();

    private Command Build()
    {
        var command = new Command("demo", "Write the generated demo studies (CT, MR, CR, US) as DICOM files.") { _output, _seed };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var directory = parse.GetValue(_output)!;
        var generator = parse.GetValue(_seed) is { Length: > 0 } seed ? new DemoStudyGenerator(seed) : DemoStudyGenerator.CreateRandom();
        var path = directory;
        try
        {
            var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var file in generator.GenerateAll(cancellationToken))
            {
                var modality = file.Dataset.GetString(DicomTags.Modality) is { Length: > 0 } m ? m : "OT";
                counts[modality] = counts.GetValueOrDefault(modality) + 1;
                var folder = Directory.CreateDirectory(Path.Combine(directory, modality)).FullName;
                path = Path.Combine(folder, counts[modality].ToString("0000", CultureInfo.InvariantCulture) + ".dcm");
                DicomFileWriter.Write(path, file, null, cancellationToken);
            }
            var total = counts.Values.Sum();
            await output.WriteLineAsync($"{total} files written to {Path.GetFullPath(directory)}: " +
                string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))).ConfigureAwait(false);
            return CliApp.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync(CliErrors.Describe("demo", path, e)).ConfigureAwait(false);
            return CliApp.Failure;
        }
    }
}
