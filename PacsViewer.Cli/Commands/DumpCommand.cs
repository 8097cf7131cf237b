using System.CommandLine;
using System.Text;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Dicom.IO.Json;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// <c>pacs dump FILE</c>: the file as a dcmdump-like tree, or with <c>--json</c> as DICOM JSON (PS3.18 F.2) with
/// the File Meta Information and the dataset merged into one object. In JSON, pixel data is a BulkDataURI of the
/// form <c>file:///absolute/path.dcm#7FE00010</c>: the file's URI, and as fragment the tag path of the element
/// (see <see cref="DicomBulkDataUriProvider"/>).
/// </summary>
internal sealed class DumpCommand
{
    /// <summary>Values at least this long stay in the file unless shown (pixel data is never loaded for a dump).</summary>
    private const long DeferThreshold = 64 * 1024;

    private readonly Argument<string> _file = new("file") { Description = "The DICOM file to show." };
    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print DICOM JSON (PS3.18 F.2), File Meta Information included; pixel data as BulkDataURI file:///path#7FE00010.",
    };
    private readonly Option<bool> _noPixelData = new("--no-pixel-data")
    {
        Description = "Leave pixel data out of the output instead of referring to it.",
    };
    private readonly Option<bool> _stopBeforePixels = new("--stop-before-pixels")
    {
        Description = "Read only up to the pixel data (faster on large files).",
    };

    public static Command Create() => new DumpCommand().Build();

    private Command Build()
    {
        var command = new Command("dump", "Show the elements of a DICOM file.")
        {
            _file, _json, _noPixelData, _stopBeforePixels,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var path = parse.GetValue(_file)!;
        var options = new DicomReaderOptions
        {
            StopBeforePixelData = parse.GetValue(_stopBeforePixels),
            DeferValuesLargerThan = DeferThreshold,
        };
        string text;
        try
        {
            // Everything is rendered before anything is written: a failure leaves standard output empty.
            var file = DicomFile.Open(path, options, cancellationToken);
            var noPixels = parse.GetValue(_noPixelData);
            text = parse.GetValue(_json)
                ? ToJson(file, Path.GetFullPath(path), noPixels) + Environment.NewLine
                : new DicomTreePrinter(noPixels).Print(file, path);
        }
        catch (Exception e) when (e is DicomFormatException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync(CliErrors.Describe("dump", path, e)).ConfigureAwait(false);
            return CliApp.Failure;
        }
        await output.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return CliApp.Success;
    }

    /// <summary>The file's DICOM JSON: group 0002 and the dataset in one object, sorted by tag.</summary>
    internal static string ToJson(DicomFile file, string absolutePath, bool noPixelData)
    {
        var merged = new DicomDataset(file.FileMetaInformation.Concat(file.Dataset));
        if (noPixelData)
        {
            merged = merged.ToBuilder().RemoveWhere(e => IsPixelData(e.Tag)).ToDataset();
        }
        var fileUri = new Uri(absolutePath).AbsoluteUri;
        return DicomJsonWriter.Serialize(merged, new DicomJsonWriterOptions
        {
            Indented = true,
            BulkDataUriProvider = (tagPath, element) => IsPixelData(element.Tag) && tagPath.Length == 8 ? $"{fileUri}#{tagPath}" : null,
        });
    }

    internal static bool IsPixelData(DicomTag tag) =>
        tag == DicomTags.PixelData || tag == DicomTags.FloatPixelData || tag == DicomTags.DoubleFloatPixelData;
}
