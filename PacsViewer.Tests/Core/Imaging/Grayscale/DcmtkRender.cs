using System.Diagnostics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PacsViewer.Tests.Core.Imaging.Grayscale;

/// <summary>The reference renderer: dcmtk's dcmj2pnm (8-bit PNG, no overlays, frame 1), decoded with ImageSharp.</summary>
internal static class DcmtkRender
{
    public const string Dcmj2pnm = "/usr/bin/dcmj2pnm";

    /// <summary>
    /// Runs <c>dcmj2pnm +on -il -O ARGS in out.png</c>; null when dcmj2pnm refuses the file or options. -il: dcmtk
    /// writes Adam7-interlaced PNG by default, and ImageSharp 2.1.13's interlaced decoder can spin forever (see
    /// FrameRendererReferenceTests.DcmtkRgbAsync); a non-interlaced PNG holds the same pixels.
    /// </summary>
    public static Task<(byte[] Pixels, string Messages)?> RenderAsync(string path, params string[] options) =>
        RenderWithAsync(Dcmj2pnm, path, options);

    /// <summary>
    /// Our 8-bit grey PNG <paramref name="ourPng"/> against dcmj2pnm's rendering of <paramref name="dicomPath"/> with
    /// <paramref name="options"/>: same pixel count, every pixel within one level (dcmtk rounds its window by at most 1).
    /// </summary>
    public static async Task AssertPngWithinOneLevelAsync(string ourPng, string dicomPath, params string[] options)
    {
        var dcmtk = await RenderAsync(dicomPath, options);
        Assert.NotNull(dcmtk);
        using var image = await Image.LoadAsync<L8>(ourPng);
        var ours = new byte[image.Width * image.Height];
        image.CopyPixelDataTo(ours);
        Assert.Equal(dcmtk.Value.Pixels.Length, ours.Length);
        Assert.True(dcmtk.Value.Pixels.Zip(ours).Max(p => Math.Abs(p.First - p.Second)) <= 1, $"{ourPng} differs from dcmj2pnm {string.Join(' ', options)} by more than one level");
    }

    /// <summary>As <see cref="RenderAsync"/> with another dcmtk renderer (dcml2pnm for JPEG-LS).</summary>
    public static async Task<(byte[] Pixels, string Messages)?> RenderWithAsync(string tool, string path, params string[] options)
    {
        Assert.True(File.Exists(tool), $"{tool} is missing (apt-get install dcmtk)");
        var output = Path.Combine(Path.GetTempPath(), $"pv-gray-{Guid.NewGuid():N}.png");
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in (options.Contains("+O") ? new[] { "+on", "-il" } : new[] { "+on", "-il", "-O" }).Concat(options).Append(path).Append(output))
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            var messages = await stderr + await stdout;
            if (process.ExitCode != 0 || !File.Exists(output))
            {
                return null;
            }
            using var image = await Image.LoadAsync<L8>(output);
            var pixels = new byte[image.Width * image.Height];
            image.CopyPixelDataTo(pixels);
            return (pixels, messages);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
