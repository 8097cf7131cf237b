using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Encoding;

namespace PacsViewer.Benchmarks;

/// <summary>
/// The --render-compare mode: Stopwatch harness for rendering and decoding, in the style of <see cref="CompareHarness"/>.
/// Each round runs every measurement once in an order that rotates from round to round; the tables report medians
/// over the rounds and every ratio is taken within a round. External tools run as processes over a generated
/// 100-frame file and a 1-frame file: per frame = (T(100) - T(1)) / 99, so start-up and file parsing cancel out.
/// In-process figures are per frame in this warmed-up process, on one thread.
/// </summary>
internal static class RenderCompareHarness
{
    private const int DefaultRounds = 5;
    private const int Frames = 100;
    private const int Canvas = 1024;
    private const long BandwidthBytes = 256L * 1024 * 1024;

    public static int Run(string[] args)
    {
        var rounds = args is ["--rounds", var r, ..] ? int.Parse(r, CultureInfo.InvariantCulture) : DefaultRounds;
        var corpus = SampleCorpus.LocateDirectory(out var repositoryRoot);
        var script = Path.Combine(repositoryRoot, "PacsViewer.Benchmarks", "Scripts", "pixel_bench.py");
        var temp = Directory.CreateTempSubdirectory("pacs-render-bench-").FullName;
        try
        {
            return Measure(rounds, corpus, script, temp);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static int Measure(int rounds, string corpus, string script, string temp)
    {
        string Sample(string relative) => Path.Combine(corpus, relative);
        string Tmp(string name) => Path.Combine(temp, name);
        const string CtSource = "ct/CT2_RLE.dcm";
        const string JpegLosslessSource = "ct/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm";
        const string JpegLsSource = "ct/CT1_UNC.fragmented_bot_jpeg_ls.80.dcm";
        const string J2kSource = "ct/CT2_J2KI.dcm";
        const string MammoSource = "cr_dx/GH133_MG_VOILUTSequence.dcm";

        Console.Error.WriteLine($"building {Frames}-frame and 1-frame files with pydicom in {temp} ...");
        foreach (var (source, name) in new[] { (CtSource, "ct"), (JpegLosslessSource, "jl"), (JpegLsSource, "ls") })
        {
            foreach (var n in new[] { Frames, 1 })
            {
                ProcessRunner.RunChecked(ReferenceTools.Python, [script, "multiframe", Sample(source), n.ToString(CultureInfo.InvariantCulture), Tmp($"{name}{n}.dcm")]);
            }
        }

        using var ct = GrayscaleWorkload.FromFile(Sample(CtSource));
        using var cr = GrayscaleWorkload.Synthetic("synthetic CR 2048x2500 12-bit", 2500, 2048);
        using var mg = GrayscaleWorkload.Synthetic("synthetic MG 3000x3000 12-bit", 3000, 3000);
        using var mgReal = GrayscaleWorkload.FromFile(Sample(MammoSource));
        var window = ct.Window;
        var c = CultureInfo.InvariantCulture;
        string[] wl = ["+Ww", window.Center.ToString(c), window.Width.ToString(c)];
        var jpeg = FrameEncoders.For(ImageFormat.Jpeg);
        var png = FrameEncoders.For(ImageFormat.Png);
        var output = new MemoryStream();
        var reader = new FrameReader(DefaultCodecs.CreateDefault());
        var ct100 = DicomFile.Open(Tmp($"ct{Frames}.dcm"));
        var jl100 = DicomFile.Open(Tmp($"jl{Frames}.dcm"));
        var ls100 = DicomFile.Open(Tmp($"ls{Frames}.dcm"));
        var j2k = DicomFile.Open(Sample(J2kSource));
        var rle = DicomFile.Open(Sample(CtSource));
        var mammoFile = DicomFile.Open(Sample(MammoSource));
        var dest8 = new byte[ct.Width * ct.Height];
        var mgDest = new byte[mg.Width * mg.Height];
        var pyResult = Tmp("py.json");
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0..3];

        var timing = new InterleavedRounds();
        var Add = timing.Add;
        var PerCall = InterleavedRounds.PerCall;

        double ReadAll(DicomFile file) => PerCall(1, () =>
        {
            for (var i = 0; i < Frames; i++)
            {
                using var f = reader.ReadFrame(file, i);
            }
        }) / Frames;

        double Stages(GrayscaleWorkload w, string key)
        {
            var sw = Stopwatch.StartNew();
            using var full = w.RenderFullSize();
            var tWl = sw.Elapsed.TotalSeconds;
            using var small = w.Resample(full, Canvas);
            var tResample = sw.Elapsed.TotalSeconds - tWl;
            output.Position = 0;
            output.SetLength(0);
            jpeg.Encode(small, output, 90);
            var total = sw.Elapsed.TotalSeconds;
            Add(key + ".wl", tWl);
            Add(key + ".resample", tResample);
            Add(key + ".jpeg", total - tWl - tResample);
            Add(key + ".total", total);
            return total;
        }

        byte[]? bandSrc = null, bandDst = null;
        string versions = "";
        var measurements = new (string Name, Action Run)[]
        {
            ("ours.512", () =>
            {
                Add("ours.wl", PerCall(200, () => ct.WindowLevel(dest8)));
                Add("ours.wl.table", PerCall(200, () => ct.WindowLevelTable(dest8)));
                var step = 0;
                Add("ours.wl.drag", PerCall(100, () => ct.WindowLevelMoved(dest8, ++step % 200)));
                Add("ours.wl.drag.table", PerCall(100, () => ct.WindowLevelMovedTable(dest8, ++step % 200)));
                Add("alloc.jpeg", AllocatedPerCall(20, () => ct.RenderAndEncode(jpeg, output)));
                Add("alloc.png", AllocatedPerCall(20, () => ct.RenderAndEncode(png, output)));
                Add("ours.jpeg", PerCall(100, () => ct.RenderAndEncode(jpeg, output)));
                Add("ours.png", PerCall(100, () => ct.RenderAndEncode(png, output)));
            }),
            ("ours.file", () =>
            {
                foreach (var (encoder, key) in new[] { (jpeg, "ours.file.jpeg"), (png, "ours.file.png") })
                {
                    Add(key, PerCall(1, () =>
                    {
                        for (var i = 0; i < Frames; i++)
                        {
                            using var frame = reader.ReadFrame(ct100, i);
                            frame.Pixels.CopyTo(ct.Frame.Pixels); // same pixels: render through the workload's pipeline
                            ct.RenderAndEncode(encoder, output);
                        }
                    }) / Frames);
                }
            }),
            ("bandwidth", () =>
            {
                bandSrc ??= GC.AllocateUninitializedArray<byte>((int)BandwidthBytes);
                bandDst ??= GC.AllocateUninitializedArray<byte>((int)BandwidthBytes);
                bandSrc.AsSpan().Fill(1);
                Add("copy", Enumerable.Range(0, 3).Select(_ => PerCall(1, () => bandSrc.AsSpan().CopyTo(bandDst))).Min());
                Add("wl.large", PerCall(5, () => mg.WindowLevel(mgDest)));
                Add("wl.large.table", PerCall(5, () => mg.WindowLevelTable(mgDest)));
            }),
            ("large", () =>
            {
                Stages(cr, "cr");
                Stages(mg, "mg");
                Stages(mgReal, "mgreal");
                Add("mgreal.decode", PerCall(1, () => { using var f = reader.ReadFrame(mammoFile, 0); }));
            }),
            ("ours.decode", () =>
            {
                Add("ours.jl", ReadAll(jl100));
                Add("ours.ls", ReadAll(ls100));
                Add("ours.rle", PerCall(50, () => { using var f = reader.ReadFrame(rle, 0); }));
                Add("ours.j2k", PerCall(50, () => { using var f = reader.ReadFrame(j2k, 0); }));
            }),
            ("dcmj2pnm.jpeg", () =>
            {
                Add("dcmj2pnm.jpeg.N", ProcessRunner.RunChecked("/usr/bin/dcmj2pnm", ["+Fa", .. wl, "+oj", "+Jq", "90", Tmp($"ct{Frames}.dcm"), Tmp("out_j")]).Elapsed.TotalSeconds);
                Add("dcmj2pnm.jpeg.1", ProcessRunner.RunChecked("/usr/bin/dcmj2pnm", ["+Fa", .. wl, "+oj", "+Jq", "90", Tmp("ct1.dcm"), Tmp("out_j1")]).Elapsed.TotalSeconds);
            }),
            ("dcmj2pnm.png", () =>
            {
                Add("dcmj2pnm.png.N", ProcessRunner.RunChecked("/usr/bin/dcmj2pnm", ["+Fa", .. wl, "+on", "-il", Tmp($"ct{Frames}.dcm"), Tmp("out_p")]).Elapsed.TotalSeconds);
                Add("dcmj2pnm.png.1", ProcessRunner.RunChecked("/usr/bin/dcmj2pnm", ["+Fa", .. wl, "+on", "-il", Tmp("ct1.dcm"), Tmp("out_p1")]).Elapsed.TotalSeconds);
            }),
            ("dcmdjpeg", () =>
            {
                Add("dcmdjpeg.N", ProcessRunner.RunChecked("/usr/bin/dcmdjpeg", [Tmp($"jl{Frames}.dcm"), "/dev/null"]).Elapsed.TotalSeconds);
                Add("dcmdjpeg.1", ProcessRunner.RunChecked("/usr/bin/dcmdjpeg", [Tmp("jl1.dcm"), "/dev/null"]).Elapsed.TotalSeconds);
            }),
            ("dcmdjpls", () =>
            {
                Add("dcmdjpls.N", ProcessRunner.RunChecked("/usr/bin/dcmdjpls", [Tmp($"ls{Frames}.dcm"), "/dev/null"]).Elapsed.TotalSeconds);
                Add("dcmdjpls.1", ProcessRunner.RunChecked("/usr/bin/dcmdjpls", [Tmp("ls1.dcm"), "/dev/null"]).Elapsed.TotalSeconds);
            }),
            ("pydicom", () =>
            {
                ProcessRunner.RunChecked(ReferenceTools.Python, [script, "render", Tmp("ct1.dcm"), wl[1], wl[2], "--warmup", "3", "--repeat", "30", "--out", pyResult]);
                using var json = JsonDocument.Parse(File.ReadAllText(pyResult));
                foreach (var key in new[] { "window", "jpeg", "png", "window_jpeg", "window_png" })
                {
                    Add("py." + key, json.RootElement.GetProperty(key).GetDouble());
                }
                versions = $"pydicom {json.RootElement.GetProperty("pydicom").GetString()}, numpy {json.RootElement.GetProperty("numpy").GetString()}, Pillow {json.RootElement.GetProperty("pil").GetString()}";
                ProcessRunner.RunChecked(ReferenceTools.Python, [script, "j2k", Sample(J2kSource), "--warmup", "3", "--repeat", "30", "--out", pyResult]);
                using var j = JsonDocument.Parse(File.ReadAllText(pyResult));
                Add("pil.j2k", j.RootElement.GetProperty("decode").GetDouble());
            }),
        };

        Console.Error.WriteLine($"warm-up, then {rounds} rounds ...");
        timing.Run(measurements, rounds, round => Console.Error.WriteLine($"round {round + 1} done"));
        var loadAfter = File.ReadAllText("/proc/loadavg").Split(' ')[0..3];

        var samples = timing.Samples();
        Print(samples, rounds, versions, window, ct, cr, mg, mgReal, load, loadAfter);
        return 0;
    }

    // Managed bytes this thread allocates per call of `action` (pooled buffers returned to the pool do not count).
    private static double AllocatedPerCall(int count, Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < count; i++)
        {
            action();
        }
        return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / count;
    }

    private static void Print(List<Dictionary<string, double>> samples, int rounds, string versions, PacsViewer.Core.Imaging.Grayscale.WindowLevel window,
        GrayscaleWorkload ct, GrayscaleWorkload cr, GrayscaleWorkload mg, GrayscaleWorkload mgReal, string[] loadBefore, string[] loadAfter)
    {
        var c = CultureInfo.InvariantCulture;
        double Fig(Func<Dictionary<string, double>, double> f) => InterleavedRounds.Median(samples.Select(f).ToList());
        double Net(Dictionary<string, double> m, string tool) => (m[tool + ".N"] - m[tool + ".1"]) / (Frames - 1);
        string Ms(Func<Dictionary<string, double>, double> f) => (Fig(f) * 1e3).ToString("0.000", c);
        string Key(string key) => Ms(m => m[key]);
        string Ratio(Func<Dictionary<string, double>, double> reference, Func<Dictionary<string, double>, double> ours) =>
            Fig(m => reference(m) / ours(m)).ToString("0.0", c);

        Console.WriteLine($"Rendering and decoding, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, "
            + $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}, {versions}; medians over {rounds} interleaved rounds; "
            + $"load average {string.Join(' ', loadBefore)} before, {string.Join(' ', loadAfter)} after.");
        Console.WriteLine($"CT frame: {ct.Name} {ct.Width}x{ct.Height}, window C={window.Center.ToString(c)} W={window.Width.ToString(c)}; dcmtk per frame = (T({Frames}) - T(1)) / {Frames - 1}.");
        Console.WriteLine();
        Console.WriteLine("| 512x512 CT, per frame (ms) | W/L only | W/L + JPEG q90 | W/L + PNG |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| PacsViewer, frame decoded once | {Key("ours.wl")} | {Key("ours.jpeg")} | {Key("ours.png")} |");
        Console.WriteLine($"| PacsViewer, each frame read from the {Frames}-frame file | n/a | {Key("ours.file.jpeg")} | {Key("ours.file.png")} |");
        Console.WriteLine($"| dcmj2pnm +Fa, net per frame | n/a | {Ms(m => Net(m, "dcmj2pnm.jpeg"))} | {Ms(m => Net(m, "dcmj2pnm.png"))} |");
        Console.WriteLine($"| pydicom + numpy + Pillow, in-script | {Key("py.window")} | {Key("py.window_jpeg")} | {Key("py.window_png")} |");
        Console.WriteLine($"| (Pillow encode alone) | n/a | {Key("py.jpeg")} | {Key("py.png")} |");
        Console.WriteLine();
        Console.WriteLine("| Speed-up (reference / PacsViewer, per frame) | JPEG | PNG |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| dcmj2pnm / PacsViewer decoded once | {Ratio(m => Net(m, "dcmj2pnm.jpeg"), m => m["ours.jpeg"])} | {Ratio(m => Net(m, "dcmj2pnm.png"), m => m["ours.png"])} |");
        Console.WriteLine($"| dcmj2pnm / PacsViewer reading the {Frames}-frame file | {Ratio(m => Net(m, "dcmj2pnm.jpeg"), m => m["ours.file.jpeg"])} | {Ratio(m => Net(m, "dcmj2pnm.png"), m => m["ours.file.png"])} |");
        Console.WriteLine($"| pydicom / PacsViewer decoded once | {Ratio(m => m["py.window_jpeg"], m => m["ours.jpeg"])} | {Ratio(m => m["py.window_png"], m => m["ours.png"])} |");
        Console.WriteLine();

        double Bw(Dictionary<string, double> m) => 2.0 * BandwidthBytes / m["copy"];
        double Wl512(Dictionary<string, double> m) => 3.0 * ct.Width * ct.Height / m["ours.wl"];
        double WlLarge(Dictionary<string, double> m) => 3.0 * mg.Width * mg.Height / m["wl.large"];
        double Wl512Table(Dictionary<string, double> m) => 3.0 * ct.Width * ct.Height / m["ours.wl.table"];
        double WlLargeTable(Dictionary<string, double> m) => 3.0 * mg.Width * mg.Height / m["wl.large.table"];
        string Gb(Func<Dictionary<string, double>, double> f) => (Fig(f) / 1e9).ToString("0.00", c);
        Console.WriteLine("| Window/level throughput (bytes read + written: 2 in, 1 out per pixel) | GB/s | fraction of copy bandwidth |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| 256 MB Span copy (read + write) | {Gb(Bw)} | 1.00 |");
        Console.WriteLine($"| W/L 512x512 CT (in cache), vector kernel | {Gb(Wl512)} | {Fig(m => Wl512(m) / Bw(m)).ToString("0.00", c)} |");
        Console.WriteLine($"| W/L 512x512 CT (in cache), cached table | {Gb(Wl512Table)} | {Fig(m => Wl512Table(m) / Bw(m)).ToString("0.00", c)} |");
        Console.WriteLine($"| W/L 3000x3000 12-bit (27 MB, out of cache), vector kernel | {Gb(WlLarge)} | {Fig(m => WlLarge(m) / Bw(m)).ToString("0.00", c)} |");
        Console.WriteLine($"| W/L 3000x3000 12-bit (27 MB, out of cache), cached table | {Gb(WlLargeTable)} | {Fig(m => WlLargeTable(m) / Bw(m)).ToString("0.00", c)} |");
        Console.WriteLine();
        Console.WriteLine("| 512x512 CT, window moved on every call (dragging), per frame (ms) | W/L |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| GrayscaleRenderer (vector kernel, no table) | {Key("ours.wl.drag")} |");
        Console.WriteLine($"| table path: build the 2^BitsStored table, then apply | {Key("ours.wl.drag.table")} |");
        Console.WriteLine();
        string Bytes(string key) => Fig(m => m[key]).ToString("0", c);
        Console.WriteLine($"Managed bytes allocated per rendered 512x512 frame (W/L + encode, this thread; pooled buffers excluded): JPEG q90 {Bytes("alloc.jpeg")}, PNG {Bytes("alloc.png")}.");
        Console.WriteLine();

        Console.WriteLine($"| Large frame to a {Canvas}x{Canvas} canvas (aspect kept), per frame (ms) | output | decode | W/L full size | resample | JPEG q90 | total excl. decode |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var (w, key) in new[] { (cr, "cr"), (mg, "mg"), (mgReal, "mgreal") })
        {
            var (ow, oh) = w.FitTo(Canvas);
            var decode = key == "mgreal" ? Key("mgreal.decode") : "n/a";
            Console.WriteLine($"| {w.Name} ({w.Width}x{w.Height}) | {ow}x{oh} | {decode} | {Key(key + ".wl")} | {Key(key + ".resample")} | {Key(key + ".jpeg")} | {Key(key + ".total")} |");
        }
        Console.WriteLine();

        Console.WriteLine("| Decode per 512x512 frame (ms) | PacsViewer in-process | reference | reference per frame | reference / PacsViewer |");
        Console.WriteLine("|---|---:|---|---:|---:|");
        Console.WriteLine($"| JPEG lossless (CT0012 .57, frame 1 x{Frames}) | {Key("ours.jl")} | dcmdjpeg, net of start-up | {Ms(m => Net(m, "dcmdjpeg"))} | {Ratio(m => Net(m, "dcmdjpeg"), m => m["ours.jl"])} |");
        Console.WriteLine($"| JPEG-LS lossless (CT1_UNC .80 x{Frames}) | {Key("ours.ls")} | dcmdjpls, net of start-up | {Ms(m => Net(m, "dcmdjpls"))} | {Ratio(m => Net(m, "dcmdjpls"), m => m["ours.ls"])} |");
        Console.WriteLine($"| JPEG 2000 (CT2_J2KI, lossy) | {Key("ours.j2k")} | Pillow (OpenJPEG) in-script | {Key("pil.j2k")} | {Ratio(m => m["pil.j2k"], m => m["ours.j2k"])} |");
        Console.WriteLine($"| RLE (CT2_RLE) | {Key("ours.rle")} | n/a | n/a | n/a |");
    }
}
