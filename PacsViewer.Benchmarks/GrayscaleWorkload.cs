using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Encoding;
using PacsViewer.Core.Imaging.Geometry;
using PacsViewer.Core.Imaging.Grayscale;

namespace PacsViewer.Benchmarks;

/// <summary>
/// One decoded grayscale frame and everything needed to render it the way the frame endpoint does: window/level
/// through the composed table into an 8-bit image, optionally resampled to fit a canvas, then encoded. The frame is
/// decoded once, so the render figures exclude decoding (the decode benchmarks time that).
/// </summary>
internal sealed class GrayscaleWorkload : IDisposable
{
    private readonly GrayscaleRenderer _renderer = new();
    private GrayscaleLut? _table;

    private GrayscaleWorkload(string name, DecodedFrame frame, GrayscalePipeline pipeline, GrayscaleRenderOptions options)
    {
        Name = name;
        Frame = frame;
        Pipeline = pipeline;
        Options = options;
    }

    public string Name { get; }

    public DecodedFrame Frame { get; }

    public GrayscalePipeline Pipeline { get; }

    public GrayscaleRenderOptions Options { get; }

    public int Width => Frame.Info.Columns;

    public int Height => Frame.Info.Rows;

    /// <summary>The window actually applied (the file's first window), for the reference tools.</summary>
    public WindowLevel Window => Options.Window ?? throw new InvalidOperationException("the workload has no explicit window");

    /// <summary>Decodes frame <paramref name="frameIndex"/> of <paramref name="path"/>; renders with the file's first window, else its first VOI LUT.</summary>
    public static GrayscaleWorkload FromFile(string path, int frameIndex = 0)
    {
        var file = DicomFile.Open(path);
        var frame = new FrameReader(DefaultCodecs.CreateDefault()).ReadFrame(file, frameIndex);
        var pipeline = GrayscalePipeline.FromDataset(file.Dataset, frameIndex);
        var options = pipeline.Windows.Count > 0
            ? GrayscaleRenderOptions.ForWindow(pipeline.Windows[0].Center, pipeline.Windows[0].Width)
            : GrayscaleRenderOptions.Default;
        return new GrayscaleWorkload(Path.GetFileName(path), frame, pipeline, options);
    }

    /// <summary>
    /// A synthetic 12-bit unsigned frame (a radiograph-like mix: a smooth body-shaped gradient, a fine bone-like
    /// texture and a little noise, every value in 0..4095), rendered with a window over most of the range.
    /// </summary>
    public static GrayscaleWorkload Synthetic(string name, int rows, int columns)
    {
        var info = new FrameInfo(rows, columns, 1, 16, 12, 11, isSigned: false, planarConfiguration: 0, "MONOCHROME2");
        var frame = DecodedFrame.Allocate(info);
        var pixels = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(frame.Pixels);
        var random = new Random(12);
        for (var y = 0; y < rows; y++)
        {
            var dy = (y - rows / 2.0) / (rows / 2.0);
            for (var x = 0; x < columns; x++)
            {
                var dx = (x - columns / 2.0) / (columns / 2.0);
                var body = Math.Max(0, 1 - (dx * dx * 1.4) - (dy * dy * 0.8));
                var texture = 0.5 + (0.5 * Math.Sin(x * 0.07) * Math.Cos(y * 0.05));
                var v = 300 + (2600 * body) + (700 * texture * body) + random.Next(-40, 41);
                pixels[(y * columns) + x] = (ushort)Math.Clamp(v, 0, 4095);
            }
        }
        var pipeline = new GrayscalePipeline(ModalityLut.Identity, [new WindowLevel(2048, 3600)], [], isMonochrome1: false);
        return new GrayscaleWorkload(name, frame, pipeline, GrayscaleRenderOptions.ForWindow(2048, 3600));
    }

    /// <summary>Window/level the whole frame into <paramref name="destination"/> (Width x Height bytes).</summary>
    public void WindowLevel(Span<byte> destination) => _renderer.Render(Frame, Pipeline, Options, destination);

    /// <summary>Window/level through the composed table (built on first use, then cached here), as for keys the kernel does not take.</summary>
    public void WindowLevelTable(Span<byte> destination) => (_table ??= _renderer.GetLut(Frame, Pipeline, Options)).Apply(Frame.Pixels, destination);

    /// <summary>A dragged window: the centre moved by <paramref name="step"/>, through GrayscaleRenderer (the kernel when it applies).</summary>
    public void WindowLevelMoved(Span<byte> destination, int step) => _renderer.Render(Frame, Pipeline, Moved(step), destination);

    /// <summary>A dragged window through the table path: the table for the moved window is built, then applied.</summary>
    public void WindowLevelMovedTable(Span<byte> destination, int step) =>
        GrayscaleLut.Build(GrayscaleRenderer.CreateKey(Frame, Pipeline, Moved(step))).Apply(Frame.Pixels, destination);

    private GrayscaleRenderOptions Moved(int step) => GrayscaleRenderOptions.ForWindow(Window.Center + step, Window.Width);

    /// <summary>Window/level into a pooled image at full size; the caller disposes it.</summary>
    public RenderedImage RenderFullSize()
    {
        var image = RenderedImage.Allocate(Width, Height, 1);
        WindowLevel(image.Pixels);
        return image;
    }

    /// <summary>Window/level, then encode; returns the encoded size. <paramref name="output"/> is rewound and reused.</summary>
    public long RenderAndEncode(IFrameEncoder encoder, MemoryStream output)
    {
        using var image = RenderFullSize();
        output.Position = 0;
        output.SetLength(0);
        encoder.Encode(image, output, 90);
        return output.Length;
    }

    /// <summary>The largest size of the frame's aspect ratio that fits a <paramref name="canvas"/> x <paramref name="canvas"/> canvas.</summary>
    public (int Width, int Height) FitTo(int canvas)
    {
        var scale = Math.Min((double)canvas / Width, (double)canvas / Height);
        return (Math.Max(1, (int)Math.Round(Width * scale)), Math.Max(1, (int)Math.Round(Height * scale)));
    }

    /// <summary>Resample a full-size 8-bit image to fit the canvas (bilinear, aspect kept); the caller disposes it.</summary>
    public RenderedImage Resample(RenderedImage fullSize, int canvas)
    {
        var (w, h) = FitTo(canvas);
        return GeometryRenderer.Render(fullSize.Pixels, Width, Height, 1, new GeometryOptions { Width = w, Height = h });
    }

    public void Dispose() => Frame.Dispose();
}
