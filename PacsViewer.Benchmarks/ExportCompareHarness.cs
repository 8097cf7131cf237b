using System.Diagnostics;
using System.Globalization;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Distribution.Export;

namespace PacsViewer.Benchmarks;

/// <summary>
/// The --export-compare mode (issue 8): a synthetic study of N instances (default 1,000: the demo generator's 512x512 CT
/// slices, repeated under new series and SOP Instance UIDs) in a temporary built-in archive, exported as a ZIP with a
/// DICOMDIR (identified, and de-identified) and, as the reference in the same run, copied with plain
/// <see cref="File.Copy(string, string)"/> file by file into a folder. Interleaved rounds; reported: the median time of
/// each, its throughput in MB/s, the ratio to the copy, and the peak managed heap and working set sampled during the
/// exports (above the level before each).
/// </summary>
internal static class ExportCompareHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = Option(args, "--rounds") ?? 3;
        var count = Option(args, "--instances") ?? 1000;
        if (rounds < 1 || count < 1)
        {
            throw new ArgumentException("--rounds and --instances must be at least 1");
        }
        var temp = Directory.CreateTempSubdirectory("pacs-export-bench-").FullName;
        try
        {
            var archivePath = Path.Combine(temp, "archive");
            using var archive = new LocalArchive(new ArchiveDatabase(new DatabaseOptions
            {
                Provider = DatabaseProvider.Sqlite,
                ConnectionString = $"Data Source={Path.Combine(temp, "pacsviewer.db")}",
            }), new ArchiveOptions { Path = archivePath });
            await archive.InitializeAsync();
            var study = await FillAsync(archive, count);
            var plan = await ExportPlanner.PlanAsync(archive, study, null, CancellationToken.None);
            var files = Directory.EnumerateFiles(Path.Combine(archivePath, "objects"), "*", SearchOption.AllDirectories).ToList();
            var bytes = files.Sum(f => new FileInfo(f).Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"study: {plan.Count} instances, {files.Count} files, {bytes / 1e6:F1} MB; {rounds} interleaved rounds"));
            if (plan.Count != count || files.Count != count)
            {
                throw new InvalidOperationException("the archive does not hold the generated study");
            }

            var times = new Dictionary<string, List<double>> { ["copy"] = [], ["zip"] = [], ["zip-deid"] = [] };
            var peaks = new Dictionary<string, (long Managed, long WorkingSet)> { ["zip"] = (0, 0), ["zip-deid"] = (0, 0) };
            for (var round = 0; round < rounds; round++)
            {
                var copyDir = Directory.CreateDirectory(Path.Combine(temp, "copy")).FullName;
                var sw = Stopwatch.StartNew();
                foreach (var f in files)
                {
                    File.Copy(f, Path.Combine(copyDir, Path.GetFileName(f)));
                }
                times["copy"].Add(sw.Elapsed.TotalSeconds);
                Directory.Delete(copyDir, recursive: true);

                foreach (var mode in new[] { "zip", "zip-deid" })
                {
                    var zipPath = Path.Combine(temp, "export.zip");
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    var sampler = new MemorySampler();
                    sw.Restart();
                    await using (var output = new FileStream(zipPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                    {
                        var writer = new StudyZipWriter(mode == "zip-deid" ? new Deidentifier() : null);
                        var result = await writer.WriteAsync(output, plan,
                            (i, ct) => archive.GetInstanceAsync(new InstanceKey(i.StudyInstanceUid, i.SeriesInstanceUid, i.SopInstanceUid), ct),
                            null, CancellationToken.None);
                        if (result.Written != count)
                        {
                            throw new InvalidOperationException($"{mode}: {result.Written} of {count} written");
                        }
                    }
                    times[mode].Add(sw.Elapsed.TotalSeconds);
                    var (managed, workingSet) = await sampler.StopAsync();
                    peaks[mode] = (Math.Max(peaks[mode].Managed, managed), Math.Max(peaks[mode].WorkingSet, workingSet));
                    File.Delete(zipPath);
                }
            }

            var copy = Median(times["copy"]);
            foreach (var (mode, list) in times)
            {
                var t = Median(list);
                var peak = mode == "copy" ? "" : string.Create(CultureInfo.InvariantCulture,
                    $", peak managed heap +{peaks[mode].Managed / 1048576.0:F1} MiB, peak working set +{peaks[mode].WorkingSet / 1048576.0:F1} MiB");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{mode,-9} median {t:F2} s, {bytes / 1e6 / t:F0} MB/s, time ratio to copy {t / copy:F2}{peak}"));
            }
            return 0;
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>N instances in one study: the demo CT slices again and again, each repeat a new series.</summary>
    private static async Task<string> FillAsync(LocalArchive archive, int count)
    {
        var generator = new DemoStudyGenerator("export-benchmark");
        var slices = generator.ComputedTomography().Take(Math.Min(count, DemoStudyGenerator.CtSlices)).ToList();
        var study = slices[0].Dataset.GetFirstString(DicomTags.StudyInstanceUID)!;
        for (var i = 0; i < count; i++)
        {
            var slice = slices[i % slices.Count];
            var repeat = i / slices.Count;
            var dataset = slice.Dataset.ToBuilder()
                .Set(DicomTags.SeriesInstanceUID, DicomVR.UI, generator.Uid($"bench-series-{repeat}"))
                .Set(DicomTags.SOPInstanceUID, DicomVR.UI, generator.Uid($"bench-sop-{i}"))
                .Set(DicomTags.SeriesNumber, DicomVR.IS, (repeat + 1).ToString(CultureInfo.InvariantCulture))
                .ToDataset();
            await archive.StoreAsync(new DicomFile(DicomDataset.Empty, dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
        }
        return study;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Samples the managed heap and the working set every 10 ms; reports their peaks above the starting level.</summary>
    private sealed class MemorySampler
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<(long, long)> _task;

        public MemorySampler()
        {
            var managed0 = GC.GetTotalMemory(false);
            using var process = Process.GetCurrentProcess();
            var ws0 = process.WorkingSet64;
            _task = Task.Run(async () =>
            {
                long managed = 0, ws = 0;
                using var self = Process.GetCurrentProcess();
                while (!_stop.IsCancellationRequested)
                {
                    self.Refresh();
                    managed = Math.Max(managed, GC.GetTotalMemory(false) - managed0);
                    ws = Math.Max(ws, self.WorkingSet64 - ws0);
                    try
                    {
                        await Task.Delay(10, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
                return (managed, ws);
            });
        }

        public async Task<(long Managed, long WorkingSet)> StopAsync()
        {
            await _stop.CancelAsync();
            var result = await _task;
            _stop.Dispose();
            return result;
        }
    }
}
