using System.Globalization;
using PacsViewer.Core.Imaging.Encoding;
using PacsViewer.Core.Imaging.Geometry;
using PacsViewer.Core.Imaging.Grayscale;
using PacsViewer.Core.Imaging.Rendering;
using PacsViewer.Core.Imaging.Statistics;

namespace PacsViewer.Web.Endpoints;

/// <summary>Parses the query parameters of the frame endpoints; each failure is an <see cref="ApiParameterException"/> naming the parameter.</summary>
internal static class RenderParameters
{
    /// <summary>Largest frame number accepted in a URL (frames are also checked against the instance's Number of Frames).</summary>
    private const int MaxFrameNumber = 1 << 20;

    /// <summary>Largest output a request may ask for (a 4096 x 8192 image): bounds the memory one request can take.</summary>
    public const long MaxOutputPixels = 4096L * 8192;

    /// <summary>The 0-based frame index of the 1-based route value (as WADO-RS frame numbers, PS3.18 10.4.1.1.3).</summary>
    public static int FrameIndex(string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > MaxFrameNumber)
        {
            throw new ApiParameterException("frame", $"'{Shorten(value)}' is not a frame number (1, 2, ...)");
        }
        return n - 1;
    }

    /// <summary>
    /// The render key of a <c>rendered</c> request for a <paramref name="columns"/> x <paramref name="rows"/> frame:
    /// window=c,w[,linear|linear_exact|sigmoid] or window=minmax (none: the file's first window, VOI LUT or automatic),
    /// region=x,y,w,h, size=W,H, rotate=0|90|180|270, flip=h|v|hv, invert=1, format=png|jpeg, quality=1..100, overlays=1.
    /// </summary>
    public static RenderKey Parse(IQueryCollection query, int frameIndex, int columns, int rows)
    {
        var key = new RenderKey { FrameIndex = frameIndex };
        if (Value(query, "window") is { } window)
        {
            key = ParseWindow(window) with { FrameIndex = frameIndex };
        }
        if (Value(query, "region") is { } region)
        {
            var r = Integers(region, "region", 4);
            var rect = new PixelRect(r[0], r[1], r[2], r[3]);
            if (rect.Width < 1 || rect.Height < 1 || !rect.FitsIn(columns, rows))
            {
                throw new ApiParameterException("region", $"x,y,w,h = {region} is not a non-empty rectangle inside the {columns} x {rows} frame");
            }
            key = key with { Region = rect };
        }
        if (Value(query, "size") is { } size)
        {
            var s = Integers(size, "size", 2);
            if (s[0] < 1 || s[1] < 1 || s[0] > RenderedImage.MaxSide || s[1] > RenderedImage.MaxSide || (long)s[0] * s[1] > MaxOutputPixels)
            {
                throw new ApiParameterException("size", $"W,H must each be 1 to {RenderedImage.MaxSide}, at most {MaxOutputPixels} pixels in all");
            }
            key = key with { Width = s[0], Height = s[1] };
        }
        key = key with
        {
            Rotation = Value(query, "rotate") switch
            {
                null or "0" => Rotation.None,
                "90" => Rotation.Clockwise90,
                "180" => Rotation.Clockwise180,
                "270" => Rotation.Clockwise270,
                var other => throw new ApiParameterException("rotate", $"'{Shorten(other)}' is not 0, 90, 180 or 270"),
            },
        };
        var (h, v) = Value(query, "flip")?.ToLowerInvariant() switch
        {
            null or "" or "none" => (false, false),
            "h" => (true, false),
            "v" => (false, true),
            "hv" or "vh" => (true, true),
            var other => throw new ApiParameterException("flip", $"'{Shorten(other)}' is not h, v or hv"),
        };
        key = key with { FlipHorizontal = h, FlipVertical = v, Invert = Flag(query, "invert"), Overlays = Flag(query, "overlays") };
        key = key with
        {
            Format = Value(query, "format")?.ToLowerInvariant() switch
            {
                null or "png" => ImageFormat.Png,
                "jpeg" or "jpg" => ImageFormat.Jpeg,
                var other => throw new ApiParameterException("format", $"'{Shorten(other)}' is not png or jpeg"),
            },
        };
        if (Value(query, "quality") is { } quality)
        {
            if (!int.TryParse(quality, NumberStyles.None, CultureInfo.InvariantCulture, out var q) || q is < 1 or > 100)
            {
                throw new ApiParameterException("quality", $"'{Shorten(quality)}' is not a number from 1 to 100");
            }
            key = key with { Quality = q };
        }
        return key;
    }

    /// <summary>window=c,w[,function] or window=minmax.</summary>
    public static RenderKey ParseWindow(string value)
    {
        if (string.Equals(value, "minmax", StringComparison.OrdinalIgnoreCase))
        {
            return new RenderKey { Voi = VoiSource.MinMax };
        }
        var parts = value.Split(',');
        if (parts.Length is not (2 or 3) || !TryDouble(parts[0], out var center) || !TryDouble(parts[1], out var width) || !(width > 0))
        {
            throw new ApiParameterException("window", $"'{Shorten(value)}' is not center,width[,function] with a positive width");
        }
        var function = parts.Length == 2 ? VoiLutFunction.Linear : parts[2].Trim().ToLowerInvariant() switch
        {
            "linear" => VoiLutFunction.Linear,
            "linear_exact" => VoiLutFunction.LinearExact,
            "sigmoid" => VoiLutFunction.Sigmoid,
            _ => throw new ApiParameterException("window", $"'{Shorten(parts[2])}' is not linear, linear_exact or sigmoid"),
        };
        // PS3.3 C.11.2.1.2.1: LINEAR needs a width of at least 1.
        if (function == VoiLutFunction.Linear && width < 1)
        {
            throw new ApiParameterException("window", "a LINEAR window needs a width of 1 or more");
        }
        return RenderKey.ForWindow(center, width, function);
    }

    /// <summary>shape=rect|ellipse and roi=x,y,w,h (pixel coordinates, fractions allowed); null roi: the whole frame.</summary>
    public static RegionOfInterest? Region(IQueryCollection query)
    {
        var shape = Value(query, "shape")?.ToLowerInvariant() switch
        {
            null or "rect" or "rectangle" => RegionShape.Rectangle,
            "ellipse" => RegionShape.Ellipse,
            var other => throw new ApiParameterException("shape", $"'{Shorten(other)}' is not rect or ellipse"),
        };
        if (Value(query, "roi") is not { } roi)
        {
            return null;
        }
        var parts = roi.Split(',');
        var values = new double[4];
        if (parts.Length != 4 || !parts.Select((p, i) => TryDouble(p, out values[i])).All(ok => ok) || !(values[2] > 0) || !(values[3] > 0))
        {
            throw new ApiParameterException("roi", $"'{Shorten(roi)}' is not x,y,w,h with a positive width and height");
        }
        return new RegionOfInterest(shape, values[0], values[1], values[2], values[3]);
    }

    /// <summary>size=N for thumbnails (16..1024, default 128).</summary>
    public static int ThumbnailSize(IQueryCollection query)
    {
        if (Value(query, "size") is not { } size)
        {
            return 128;
        }
        if (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 16 or > 1024)
        {
            throw new ApiParameterException("size", $"'{Shorten(size)}' is not a number from 16 to 1024");
        }
        return n;
    }

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[^1]) ? values[^1] : null;

    private static bool Flag(IQueryCollection query, string name) => Value(query, name)?.ToLowerInvariant() switch
    {
        null or "0" or "false" => false,
        "1" or "true" => true,
        var other => throw new ApiParameterException(name, $"'{Shorten(other)}' is not 0 or 1"),
    };

    private static int[] Integers(string value, string name, int count)
    {
        var parts = value.Split(',');
        var result = new int[count];
        if (parts.Length != count || !parts.Select((p, i) => int.TryParse(p.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result[i])).All(ok => ok))
        {
            throw new ApiParameterException(name, $"'{Shorten(value)}' is not {count} integers separated by commas");
        }
        return result;
    }

    private static bool TryDouble(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Echoes at most 40 characters of a bad value.</summary>
    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
