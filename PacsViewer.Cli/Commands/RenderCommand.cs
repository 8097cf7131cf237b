using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Encoding;
using PacsViewer.Core.Imaging.Geometry;
using PacsViewer.Core.Imaging.Grayscale;
using PacsViewer.Core.Imaging.Rendering;
using PacsViewer.Core.Imaging.Statistics;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// <c>pacs render FILE -o OUT</c>: one frame rendered as the viewer's server would (VOI, overlays, geometry, PNG or
/// JPEG); without <c>--window</c> the file's first window, else its first VOI LUT, else the frame's min-max.
/// <c>pacs render --stats FILE</c>: JSON statistics of the frame's modality values (PS3.3 C.11.1) over a rectangle or
/// ellipse, or the whole frame. Frames are numbered from 0.
/// </summary>
internal sealed class RenderCommand
{
    private readonly Argument<string> _file = new("file") { Description = "The DICOM file to render." };
    private readonly Option<int> _frame = new("--frame") { Description = "Frame number, from 0.", DefaultValueFactory = _ => 0 };
    private readonly Option<string?> _window = new("--window") { Description = "Explicit window CENTER,WIDTH (modality units)." };
    private readonly Option<string?> _function = new("--function") { Description = "VOI LUT Function of --window: linear, linear_exact or sigmoid." };
    private readonly Option<bool> _invert = new("--invert") { Description = "Invert the grayscale output." };
    private readonly Option<string?> _region = new("--region") { Description = "Render only the region X,Y,W,H (pixels)." };
    private readonly Option<string?> _size = new("--size") { Description = "Output size WxH (after rotation); default: the region's size." };
    private readonly Option<int> _rotate = new("--rotate") { Description = "Clockwise rotation: 0, 90, 180 or 270.", DefaultValueFactory = _ => 0 };
    private readonly Option<string?> _flip = new("--flip") { Description = "Flip: h (horizontal), v (vertical) or hv; applied before rotation." };
    private readonly Option<string?> _format = new("--format") { Description = "png (default) or jpeg." };
    private readonly Option<int> _quality = new("--quality") { Description = "JPEG quality 1-100.", DefaultValueFactory = _ => 90 };
    private readonly Option<bool> _overlays = new("--overlays") { Description = "Burn in the overlay planes (60xx)." };
    private readonly Option<string?> _output = new("--output", "-o") { Description = "Output image file." };
    private readonly Option<bool> _stats = new("--stats") { Description = "Print JSON statistics of modality values instead of rendering." };
    private readonly Option<string?> _roi = new("--roi") { Description = "Statistics region X,Y,W,H; default the whole frame." };
    private readonly Option<bool> _ellipse = new("--ellipse") { Description = "The statistics region is the ellipse inscribed in --roi." };

    public static Command Create() => new RenderCommand().Build();

    private Command Build()
    {
        var command = new Command("render", "Render a frame to PNG/JPEG, or print statistics of its modality values.")
        {
            _file, _frame, _window, _function, _invert, _region, _size, _rotate, _flip, _format, _quality, _overlays, _output,
            _stats, _roi, _ellipse,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var stats = parse.GetValue(_stats);
        RenderKey key;
        RegionOfInterest? roi;
        string? outPath;
        try
        {
            key = BuildKey(parse);
            roi = ParseRoi(parse);
            outPath = parse.GetValue(_output);
            if (!stats && string.IsNullOrEmpty(outPath))
            {
                throw new UsageException("-o OUT is required unless --stats is given");
            }
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"pacs render: {e.Message}").ConfigureAwait(false);
            return CliApp.UsageError;
        }
        var path = parse.GetValue(_file)!;
        byte[] encoded;
        try
        {
            var file = DicomFile.Open(path, new DicomReaderOptions(), cancellationToken);
            var reader = new FrameReader(DefaultCodecs.CreateDefault());
            using var frame = reader.ReadFrame(file, key.FrameIndex);
            if (stats)
            {
                var pipeline = GrayscalePipeline.FromDataset(file.Dataset, key.FrameIndex);
                var result = FrameStatistics.Compute(frame, pipeline.Modality, roi);
                var json = StatisticsJson(result);
                await output.WriteLineAsync(json.AsMemory(), cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                return CliApp.Success;
            }
            // Encode to memory first: a failure leaves no partial output file.
            using var buffer = new MemoryStream();
            await new FrameRenderer().EncodeAsync(file, frame, key, buffer, cancellationToken).ConfigureAwait(false);
            encoded = buffer.ToArray();
        }
        catch (Exception e) when (e is DicomFormatException or PixelDataException or IOException or UnauthorizedAccessException
            or ArgumentException or NotSupportedException or InvalidDataException)
        {
            await error.WriteLineAsync(CliErrors.Describe("render", path, e)).ConfigureAwait(false);
            return CliApp.Failure;
        }
        try
        {
            // A failure here is about the output file: the error names it, not the input.
            await File.WriteAllBytesAsync(outPath!, encoded, cancellationToken).ConfigureAwait(false);
            return CliApp.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync(CliErrors.Describe("render", outPath!, e)).ConfigureAwait(false);
            return CliApp.Failure;
        }
    }

    private RenderKey BuildKey(ParseResult parse)
    {
        var key = new RenderKey { FrameIndex = parse.GetValue(_frame), Invert = parse.GetValue(_invert), Overlays = parse.GetValue(_overlays) };
        if (key.FrameIndex < 0)
        {
            throw new UsageException("--frame must be 0 or more");
        }
        var function = parse.GetValue(_function)?.ToLowerInvariant() switch
        {
            null or "linear" => VoiLutFunction.Linear,
            "linear_exact" => VoiLutFunction.LinearExact,
            "sigmoid" => VoiLutFunction.Sigmoid,
            var f => throw new UsageException($"--function {f}: expected linear, linear_exact or sigmoid"),
        };
        if (parse.GetValue(_window) is { } window)
        {
            var v = Numbers(window, ',', 2, "--window", "CENTER,WIDTH");
            var level = new WindowLevel(v[0], v[1], function);
            if (!level.IsValid)
            {
                throw new UsageException($"--window {window}: the width must be at least 1 (LINEAR) or more than 0");
            }
            key = key with { Voi = VoiSource.Window, WindowCenter = v[0], WindowWidth = v[1], Function = function };
        }
        else if (parse.GetValue(_function) is not null)
        {
            throw new UsageException("--function needs --window");
        }
        if (parse.GetValue(_region) is { } region)
        {
            var r = Integers(region, ',', 4, "--region", "X,Y,W,H");
            key = key with { Region = new PixelRect(r[0], r[1], r[2], r[3]) };
        }
        if (parse.GetValue(_size) is { } size)
        {
            var s = Integers(size.ToLowerInvariant(), 'x', 2, "--size", "WxH");
            if (s[0] is < 1 or > RenderedImage.MaxSide || s[1] is < 1 or > RenderedImage.MaxSide)
            {
                throw new UsageException($"--size {size}: each side must be 1 to {RenderedImage.MaxSide}");
            }
            key = key with { Width = s[0], Height = s[1] };
        }
        key = key with
        {
            Rotation = parse.GetValue(_rotate) switch
            {
                0 => Rotation.None,
                90 => Rotation.Clockwise90,
                180 => Rotation.Clockwise180,
                270 => Rotation.Clockwise270,
                var r => throw new UsageException($"--rotate {r}: expected 0, 90, 180 or 270"),
            },
        };
        switch (parse.GetValue(_flip)?.ToLowerInvariant())
        {
            case null:
                break;
            case "h":
                key = key with { FlipHorizontal = true };
                break;
            case "v":
                key = key with { FlipVertical = true };
                break;
            case "hv" or "vh":
                key = key with { FlipHorizontal = true, FlipVertical = true };
                break;
            case var f:
                throw new UsageException($"--flip {f}: expected h, v or hv");
        }
        key = key with
        {
            Format = parse.GetValue(_format)?.ToLowerInvariant() switch
            {
                null or "png" => ImageFormat.Png,
                "jpeg" or "jpg" => ImageFormat.Jpeg,
                var f => throw new UsageException($"--format {f}: expected png or jpeg"),
            },
        };
        var quality = parse.GetValue(_quality);
        if (quality is < 1 or > 100)
        {
            throw new UsageException($"--quality {quality}: expected 1 to 100");
        }
        return key with { Quality = quality };
    }

    private RegionOfInterest? ParseRoi(ParseResult parse)
    {
        if (parse.GetValue(_roi) is not { } roi)
        {
            return parse.GetValue(_ellipse) ? throw new UsageException("--ellipse needs --roi") : null;
        }
        var v = Numbers(roi, ',', 4, "--roi", "X,Y,W,H");
        if (!(v[2] > 0 && v[3] > 0))
        {
            throw new UsageException($"--roi {roi}: width and height must be positive");
        }
        return parse.GetValue(_ellipse) ? RegionOfInterest.Ellipse(v[0], v[1], v[2], v[3]) : RegionOfInterest.Rectangle(v[0], v[1], v[2], v[3]);
    }

    private static double[] Numbers(string text, char separator, int count, string option, string form)
    {
        var parts = text.Split(separator);
        var values = new double[parts.Length];
        if (parts.Length != count || parts.Select((p, i) => double.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])
                && double.IsFinite(values[i])).Any(ok => !ok))
        {
            throw new UsageException($"{option} {text}: expected {form}");
        }
        return values;
    }

    private static int[] Integers(string text, char separator, int count, string option, string form)
    {
        var parts = text.Split(separator);
        var values = new int[parts.Length];
        if (parts.Length != count || parts.Select((p, i) => int.TryParse(p.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]))
                .Any(ok => !ok))
        {
            throw new UsageException($"{option} {text}: expected {form} (integers)");
        }
        return values;
    }

    /// <summary>{"min","max","mean","stdDev","count"}; an empty region gives nulls and count 0.</summary>
    internal static string StatisticsJson(RegionStatistics s)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            Number(writer, "min", s.Min);
            Number(writer, "max", s.Max);
            Number(writer, "mean", s.Mean);
            Number(writer, "stdDev", s.StandardDeviation);
            writer.WriteNumber("count", s.PixelCount);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private sealed class UsageException(string message) : Exception(message);
}
