using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.DicomWeb;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Network.UpperLayer;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Benchmarks;

/// <summary>
/// The --retrieve-compare mode (issue 4): one generated CT series (the demo generator's 512x512 slices, Explicit VR
/// Little Endian) is uploaded to a local Orthanc, then retrieved in interleaved rounds (<see cref="InterleavedRounds"/>)
/// by our C-GET, C-MOVE and WADO-RS and by dcmtk's getscu and movescu (and curl on the same WADO-RS URL). Each
/// retrieval goes into a fresh temporary directory, is checked (file count and SOP Instance UIDs equal to what was
/// uploaded) outside the timed span, and deleted. Everything talks to 127.0.0.1.
/// </summary>
internal static partial class RetrieveCompareHarness
{
    private const int DefaultRounds = 5;
    /// <summary>
    /// Warm-up rounds before the timed ones. One is not enough for our in-process methods: the JIT's tiered
    /// compilation (tier 0, instrumented, then optimised code) was still running during the next 5 to 10 rounds and
    /// their CPU time halved without it (DOTNET_TieredCompilation=0); the viewer is a long-running server, so its steady
    /// state is what counts. The dcmtk tools are new processes each time and pay their start-up in every round.
    /// </summary>
    private const int DefaultWarmupRounds = 3;
    private const string OurAeTitle = "PVBENCH";
    private const string OurMoveAeTitle = "PVBENCHMOVE";
    private const string GetscuAeTitle = "GETSCU";
    private const string MovescuAeTitle = "MOVESCU";
    /// <summary>The largest --max-pdu getscu and movescu accept (dcmtk 3.6.7).</summary>
    private const uint DcmtkMaxPdu = 131072;

    private static readonly string[] Methods = ["get", "getnosync", "getcache", "getcachealt", "getscu", "move", "movecache", "movescu", "wado", "wadostage", "wadocache", "curl"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = Option(args, "--rounds") ?? DefaultRounds;
        var warmup = Option(args, "--warmup") ?? DefaultWarmupRounds;
        var slices = Option(args, "--slices") ?? DemoStudyGenerator.CtSlices;
        if (rounds < 1 || warmup < 1 || slices < 2 || slices > DemoStudyGenerator.CtSlices)
        {
            throw new ArgumentException($"--rounds and --warmup must be at least 1 and --slices between 2 and {DemoStudyGenerator.CtSlices}");
        }
        // dcmtk 3.6.7 as packaged leaves Nagle's algorithm on unless the environment sets TCP_NODELAY (its DUL reads it for
        // every association). Orthanc's DIMSE is dcmtk too. With Nagle on, every instance Orthanc sends to getscu or
        // movescu waits for a delayed ACK (about 45 ms an instance here), which would compare us with a misconfigured
        // reference. So Orthanc, getscu and movescu (all children of this process) run with TCP_NODELAY=1, unless
        // --dcmtk-nagle asks for dcmtk's default. Our sockets set NoDelay themselves.
        var dcmtkNoDelay = !args.Contains("--dcmtk-nagle");
        if (dcmtkNoDelay)
        {
            Environment.SetEnvironmentVariable("TCP_NODELAY", "1");
        }
        var temp = Directory.CreateTempSubdirectory("pacs-retrieve-bench-").FullName;
        OrthancServer? orthanc = null;
        DicomServer? receiver = null;
        try
        {
            Note($"generating {slices} CT slices ...");
            var series = Generate(Path.Combine(temp, "source"), slices);
            Note("starting Orthanc and uploading ...");
            orthanc = await OrthancServer.StartAsync();
            foreach (var path in Directory.EnumerateFiles(Path.Combine(temp, "source")))
            {
                _ = await orthanc.UploadAsync(path) ?? throw new InvalidOperationException($"Orthanc rejected {path}");
            }

            var clock = new Stopwatch();
            var arrivals = new FirstArrival(clock);
            var moveIncoming = Path.Combine(temp, "move-in");
            Directory.CreateDirectory(moveIncoming);
            // Our receiver, as the app runs it: C-STOREs are made durable before they are answered, except the sub-operations
            // of our own C-MOVEs into the retrieval cache, which the router recognises (Move Originator AE Title + Message ID).
            var moveRouter = new MoveOriginatorRouter();
            receiver = new DicomServer(new DicomServerOptions { Address = IPAddress.Loopback, Port = 0 },
                new StoreScp(new StoreScpOptions { IncomingDirectory = moveIncoming, AeTitle = OurMoveAeTitle, MoveRouter = moveRouter }, arrivals));
            receiver.Start();
            var movescuPort = LoopbackPort.Free(receiver.Port);
            await orthanc.AddModalityAsync(new OrthancModality("pvbench", OurMoveAeTitle, receiver.Port));
            await orthanc.AddModalityAsync(new OrthancModality("movescu", MovescuAeTitle, movescuPort));

            var peer = new DicomPeer("127.0.0.1", orthanc.DicomPort, orthanc.AeTitle);
            // --pdu N: the maximum PDU length both our client and the dcmtk tools announce (dcmtk accepts 4096..131072).
            var association = Option(args, "--pdu") is { } ourPdu ? AssociationOptions.Default with { MaxPduLength = (uint)ourPdu } : AssociationOptions.Default;
            var client = new DicomClient(new DicomClientOptions { CallingAeTitle = OurAeTitle, Association = association });
            // As the DIMSE study source runs it: no fsync of the C-GET files (it reads and deletes them).
            var noSyncClient = new DicomClient(new DicomClientOptions { CallingAeTitle = OurAeTitle, FlushRetrievedFiles = false, Association = association });
            var identifier = new DicomDatasetBuilder()
                .Set(DicomTags.StudyInstanceUID, DicomVR.UI, series.StudyUid)
                .Set(DicomTags.SeriesInstanceUID, DicomVR.UI, series.SeriesUid)
                .ToDataset();
            using var http = new HttpClient { BaseAddress = orthanc.DicomWebRoot, Timeout = TimeSpan.FromMinutes(5) };
            var web = new DicomWebClient(http);
            using var sharedHandler = new SocketsHttpHandler();
            var webSource = new DicomWebStudySource("bench", () => new HttpClient(sharedHandler, disposeHandler: false)
            {
                BaseAddress = orthanc.DicomWebRoot,
                Timeout = TimeSpan.FromMinutes(5),
            });
            var seriesUrl = new Uri(orthanc.DicomWebRoot, $"studies/{series.StudyUid}/series/{series.SeriesUid}").AbsoluteUri;
            // dcmtk proposes a 16 KB maximum receive PDU by default; ours proposes AssociationOptions.MaxPduLength (64 KB).
            // Both sides get the same (--dcmtk-pdu overrides, e.g. 16384 for dcmtk's default).
            var pdu = (Option(args, "--dcmtk-pdu") ?? (int)Math.Min(association.MaxPduLength, DcmtkMaxPdu)).ToString(CultureInfo.InvariantCulture);
            string[] keys = ["--max-pdu", pdu, "-S", "-k", "QueryRetrieveLevel=SERIES", "-k", $"StudyInstanceUID={series.StudyUid}", "-k", $"SeriesInstanceUID={series.SeriesUid}"];
            var dicomPort = orthanc.DicomPort.ToString(CultureInfo.InvariantCulture);

            // The archive a C-MOVE source reads what is not routed to the cache from (unused by the routed series retrieval).
            using var moveArchive = new LocalArchive(new ArchiveDatabase(new DatabaseOptions
            {
                Provider = DatabaseProvider.Sqlite,
                ConnectionString = $"Data Source={Path.Combine(temp, "archive.db")}",
            }), new ArchiveOptions { Path = Path.Combine(temp, "archive") });
            await moveArchive.InitializeAsync();
            var moveTarget = new DimseMoveTarget(OurMoveAeTitle, moveArchive, moveRouter);

            var timing = new InterleavedRounds();
            var syntaxes = new SortedSet<string>(StringComparer.Ordinal);
            var counter = 0;
            string NewDirectory(string name) => Directory.CreateDirectory(Path.Combine(temp, $"{name}-{++counter}")).FullName;

            // Records one retrieval: total, first instance (null: not measured), bytes received, then checks and deletes.
            void Record(string key, double total, double? first, string directory, bool multipart = false)
            {
                var bytes = multipart ? CheckMultipart(directory, series) : Check(key, directory, series, syntaxes);
                timing.Add(key + ".total", total);
                timing.Add(key + ".bytes", bytes);
                if (first is { } f)
                {
                    timing.Add(key + ".first", f);
                }
                Directory.Delete(directory, recursive: true);
            }

            async Task GetIntoCacheAsync(string key, DicomClient dimseClient)
            {
                // What the viewer runs for a DIMSE source: the DIMSE study source behind the retrieval cache, C-GET
                // into an empty cache (one C-GET of the series, no C-FIND listing first): each sub-operation writes into
                // the cache's folder and is answered once its file is complete; the cache renames, opens and leases
                // it, and group-commits its fsync on its own threads (the index lists it only once durable).
                var dir = NewDirectory(key);
                double total;
                double? first = null;
                using (var cache = new RetrievalCache(Options.Create(new RetrievalCacheOptions { Path = dir })))
                {
                    var source = new CachingStudySource(new DimseStudySource("bench-dimse", peer, dimseClient, Path.Combine(temp, "dimse-work")), cache);
                    clock.Restart();
                    var cpu = new CpuMeter(timing, key, children: false);
                    var count = 0;
                    await foreach (var lease in source.RetrieveSeriesAsync(series.StudyUid, series.SeriesUid, CancellationToken.None))
                    {
                        first ??= clock.Elapsed.TotalSeconds;
                        count++;
                        lease.Dispose();
                    }
                    total = clock.Elapsed.TotalSeconds;
                    cpu.Stop();
                    Require(count == series.Count, $"C-GET into the retrieval cache: {count} instances, not {series.Count}");
                    await cache.FlushAsync(CancellationToken.None); // every file fsync'ed (the index lists only those)
                    timing.Add(key + ".durable", clock.Elapsed.TotalSeconds);
                }
                File.Delete(Path.Combine(dir, "index.json"));
                Record(key, total, first, dir);
            }

            var measurements = new (string Name, Func<Task> Run)[]
            {
                ("get", async () =>
                {
                    var dir = NewDirectory("get");
                    clock.Restart();
                    double? first;
                    using (var watch = new FirstFileWatch(dir, clock))
                    {
                        var cpu = new CpuMeter(timing, "get", children: false);
                        var result = await client.GetAsync(peer, QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Series, identifier, dir, null, CancellationToken.None);
                        var total = clock.Elapsed.TotalSeconds;
                        cpu.Stop();
                        first = watch.Stop();
                        Require(result.Status.IsSuccess && result.Files.Count == series.Count, $"our C-GET: status {result.Status}, {result.Files.Count} files");
                        Record("get", total, first, dir);
                    }
                }),
                ("getnosync", async () =>
                {
                    var dir = NewDirectory("getnosync");
                    clock.Restart();
                    double? first;
                    using (var watch = new FirstFileWatch(dir, clock))
                    {
                        var cpu = new CpuMeter(timing, "getnosync", children: false);
                        var result = await noSyncClient.GetAsync(peer, QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Series, identifier, dir, null, CancellationToken.None);
                        var total = clock.Elapsed.TotalSeconds;
                        cpu.Stop();
                        first = watch.Stop();
                        Require(result.Status.IsSuccess && result.Files.Count == series.Count, $"our C-GET without fsync: status {result.Status}, {result.Files.Count} files");
                        Record("getnosync", total, first, dir);
                    }
                }),
                ("getcache", () => GetIntoCacheAsync("getcache", noSyncClient)),
                ("getscu", async () =>
                {
                    var dir = NewDirectory("getscu");
                    clock.Restart();
                    using var watch = new FirstFileWatch(dir, clock);
                    var cpu = new CpuMeter(timing, "getscu", children: true);
                    await RunToolAsync("/usr/bin/getscu", ["-aet", GetscuAeTitle, "-aec", orthanc.AeTitle, .. keys, "-od", dir, "127.0.0.1", dicomPort]);
                    var total = clock.Elapsed.TotalSeconds;
                    cpu.Stop();
                    var first = watch.Stop();
                    SyncAll(dir); // getscu never fsyncs: its total plus this is what a durable result costs it
                    timing.Add("getscu.durable", clock.Elapsed.TotalSeconds);
                    Record("getscu", total, first, dir);
                }),
                ("move", async () =>
                {
                    arrivals.Reset();
                    clock.Restart();
                    var result = await client.MoveAsync(peer, QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Series, identifier, OurMoveAeTitle, null, CancellationToken.None);
                    var total = clock.Elapsed.TotalSeconds;
                    Require(result.Status.IsSuccess && arrivals.Count == series.Count, $"our C-MOVE: status {result.Status}, {arrivals.Count} instances received");
                    var dir = NewDirectory("move");
                    foreach (var file in Directory.EnumerateFiles(moveIncoming))
                    {
                        File.Move(file, Path.Combine(dir, Path.GetFileName(file)));
                    }
                    Record("move", total, arrivals.First, dir);
                }),
                ("movecache", async () =>
                {
                    // What the viewer runs for a DIMSE source in C-MOVE mode behind the retrieval cache: one C-MOVE of the
                    // series to our receiver, no C-FIND listing first; each sub-operation written into the cache's folder
                    // and answered once complete, the cache renames, opens and leases it, fsync later on its own threads.
                    var dir = NewDirectory("movecache");
                    double total;
                    double? first = null;
                    using (var cache = new RetrievalCache(Options.Create(new RetrievalCacheOptions { Path = dir })))
                    {
                        var source = new CachingStudySource(new DimseStudySource("bench-move", peer, client, Path.Combine(temp, "dimse-work"), moveTarget), cache);
                        clock.Restart();
                        var count = 0;
                        await foreach (var lease in source.RetrieveSeriesAsync(series.StudyUid, series.SeriesUid, CancellationToken.None))
                        {
                            first ??= clock.Elapsed.TotalSeconds;
                            count++;
                            lease.Dispose();
                        }
                        total = clock.Elapsed.TotalSeconds;
                        Require(count == series.Count, $"C-MOVE into the retrieval cache: {count} instances, not {series.Count}");
                        await cache.FlushAsync(CancellationToken.None);
                        timing.Add("movecache.durable", clock.Elapsed.TotalSeconds);
                    }
                    File.Delete(Path.Combine(dir, "index.json"));
                    Record("movecache", total, first, dir);
                }),
                ("movescu", async () =>
                {
                    var dir = NewDirectory("movescu");
                    clock.Restart();
                    using var watch = new FirstFileWatch(dir, clock);
                    await RunToolAsync("/usr/bin/movescu", ["-aet", MovescuAeTitle, "-aem", MovescuAeTitle, "-aec", orthanc.AeTitle,
                        "--port", movescuPort.ToString(CultureInfo.InvariantCulture), .. keys, "-od", dir, "127.0.0.1", dicomPort]);
                    var total = clock.Elapsed.TotalSeconds;
                    var first = watch.Stop();
                    SyncAll(dir);
                    timing.Add("movescu.durable", clock.Elapsed.TotalSeconds);
                    Record("movescu", total, first, dir);
                }),
                ("wado", async () =>
                {
                    var dir = NewDirectory("wado");
                    clock.Restart();
                    double? first = null;
                    var n = 0;
                    var written = new List<string>();
                    await foreach (var file in web.RetrieveSeriesAsync(series.StudyUid, series.SeriesUid, DicomWebMediaTypes.AnyTransferSyntax, CancellationToken.None))
                    {
                        var path = Path.Combine(dir, $"{n++:D4}.dcm");
                        DicomFileWriter.Write(path, file);
                        written.Add(path);
                        first ??= clock.Elapsed.TotalSeconds;
                    }
                    foreach (var path in written)
                    {
                        FlushToDisk(path); // all durable before the total is taken, as GetAsync does
                    }
                    Record("wado", clock.Elapsed.TotalSeconds, first, dir);
                }),
                ("wadostage", async () =>
                {
                    // The streaming path: each part copied from the response to a file (InstanceStaging), header read back
                    // from the file, then fsync + rename (StagedInstance.MoveTo), as the retrieval cache does.
                    var dir = NewDirectory("wadostage");
                    var staging = new InstanceStaging(dir);
                    clock.Restart();
                    double? first = null;
                    var moves = new List<Task>();
                    var n = 0;
                    await foreach (var part in web.RetrieveSeriesPartsAsync(series.StudyUid, series.SeriesUid, staging.StageAsync,
                        DicomWebMediaTypes.AnyTransferSyntax, CancellationToken.None))
                    {
                        first ??= clock.Elapsed.TotalSeconds;
                        var destination = Path.Combine(dir, $"{n++:D4}.dcm");
                        moves.Add(Task.Run(() => part.MoveTo(destination))); // fsync + rename while the next part arrives
                    }
                    await Task.WhenAll(moves);
                    Record("wadostage", clock.Elapsed.TotalSeconds, first, dir);
                }),
                ("wadocache", async () =>
                {
                    // What the viewer runs: the DICOMweb source behind the retrieval cache (QIDO-RS list, one WADO-RS series
                    // request, each part streamed to the cache's folder, fsync, rename, opened with pixel data deferred).
                    var dir = NewDirectory("wadocache");
                    double total;
                    double? first = null;
                    using (var cache = new RetrievalCache(Options.Create(new RetrievalCacheOptions { Path = dir })))
                    {
                        var source = new CachingStudySource(webSource, cache);
                        clock.Restart();
                        var count = 0;
                        await foreach (var lease in source.RetrieveSeriesAsync(series.StudyUid, series.SeriesUid, CancellationToken.None))
                        {
                            first ??= clock.Elapsed.TotalSeconds;
                            count++;
                            lease.Dispose();
                        }
                        total = clock.Elapsed.TotalSeconds;
                        Require(count == series.Count, $"retrieval cache: {count} instances, not {series.Count}");
                        await cache.FlushAsync(CancellationToken.None); // every file fsync'ed (the index lists only those)
                        timing.Add("wadocache.durable", clock.Elapsed.TotalSeconds);
                    }
                    File.Delete(Path.Combine(dir, "index.json"));
                    Record("wadocache", total, first, dir);
                }),
                ("curl", async () =>
                {
                    var dir = NewDirectory("curl");
                    clock.Restart();
                    await RunToolAsync("/usr/bin/curl", ["-sS", "--fail", "-o", Path.Combine(dir, "series.multipart"),
                        "-H", "Accept: " + DicomWebMediaTypes.MultipartAccept(DicomWebMediaTypes.Dicom, DicomWebMediaTypes.AnyTransferSyntax), seriesUrl]);
                    Record("curl", clock.Elapsed.TotalSeconds, null, dir, multipart: true);
                }),
            };

            // --only get,getscu: a subset of the methods (for profiling one path; the ratios of the others print n/a).
            var only = OptionText(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (only is not null)
            {
                Require(only.All(Methods.Contains), $"--only takes some of {string.Join(',', Methods)}");
                measurements = measurements.Where(m => only.Contains(m.Name)).ToArray();
            }
            // --alt-pdu N, --alt-no-readahead: C-GET into the cache once more per round with that change (an A/B
            // within each round; RetrieveCompareHarness.Alt.cs).
            if (AltClient(args, association) is { } altClient)
            {
                measurements = [.. measurements, ("getcachealt", () => GetIntoCacheAsync("getcachealt", altClient))];
            }

            var loadBefore = LoadAverage();
            Note($"{warmup} warm-up rounds, then {rounds} rounds of {measurements.Length} retrievals ...");
            if (warmup > 1)
            {
                await timing.RunAsync(measurements, warmup - 1); // its own warm-up round and warmup - 1 more, recorded and discarded below
            }
            await timing.RunAsync(measurements, rounds, round => Console.Error.WriteLine($"round {round + 1} done"));
            var loadAfter = LoadAverage();
            var dcmtk = await ToolVersionAsync();
            Print(timing.Samples(), rounds, warmup, series, syntaxes, $"{dcmtk} with --max-pdu {pdu}" + (dcmtkNoDelay ? ", TCP_NODELAY=1 for dcmtk tools and Orthanc" : ", Nagle on (dcmtk default)"), loadBefore, loadAfter);
            return 0;
        }
        finally
        {
            if (receiver is not null)
            {
                await receiver.DisposeAsync();
            }
            if (orthanc is not null)
            {
                await orthanc.DisposeAsync(); // SIGTERM to its own PID, kill after 15 s
            }
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>The uploaded series: its UIDs, SOP Instance UIDs and total file bytes.</summary>
    private sealed record SeriesInfo(string StudyUid, string SeriesUid, HashSet<string> SopInstanceUids, long Bytes)
    {
        public int Count => SopInstanceUids.Count;
    }

    private static SeriesInfo Generate(string directory, int slices)
    {
        Directory.CreateDirectory(directory);
        var generator = new DemoStudyGenerator("retrieve-benchmark");
        var uids = new HashSet<string>(StringComparer.Ordinal);
        string? study = null, seriesUid = null;
        long bytes = 0;
        for (var i = 0; i < slices; i++)
        {
            var file = generator.CtSlice(i);
            Require(file.TransferSyntax == DicomTransferSyntax.ExplicitVRLittleEndian, $"the demo CT is {file.TransferSyntax}, expected Explicit VR Little Endian");
            var path = Path.Combine(directory, $"{i:D4}.dcm");
            DicomFileWriter.Write(path, file);
            bytes += new FileInfo(path).Length;
            uids.Add(file.SopInstanceUid!);
            study ??= file.Dataset.GetFirstString(DicomTags.StudyInstanceUID);
            seriesUid ??= file.Dataset.GetFirstString(DicomTags.SeriesInstanceUID);
        }
        return new SeriesInfo(study!, seriesUid!, uids, bytes);
    }

    /// <summary>Checks that <paramref name="directory"/> holds exactly the series' instances; returns their total bytes.</summary>
    private static long Check(string method, string directory, SeriesInfo series, SortedSet<string> syntaxes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var file = DicomFile.Open(path, new DicomReaderOptions { StopBeforePixelData = true });
            seen.Add(file.SopInstanceUid ?? "");
            syntaxes.Add($"{method}: {file.TransferSyntax.Uid}");
            bytes += new FileInfo(path).Length;
        }
        Require(seen.SetEquals(series.SopInstanceUids), $"{method}: received {seen.Count} instances, not the {series.Count} uploaded");
        return bytes;
    }

    /// <summary>curl writes one multipart body: checked by size (at least the instances' bytes) and part count.</summary>
    private static long CheckMultipart(string directory, SeriesInfo series)
    {
        var path = Path.Combine(directory, "series.multipart");
        var bytes = new FileInfo(path).Length;
        Require(bytes >= series.Bytes * 9 / 10, $"curl: {bytes} bytes, the series is {series.Bytes}");
        return bytes;
    }

    private static void SyncAll(string directory)
    {
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            FlushToDisk(path);
        }
    }

    private static void FlushToDisk(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
#pragma warning disable CA1849 // Flush(true) is fsync, which has no async form.
        stream.Flush(flushToDisk: true);
#pragma warning restore CA1849
    }

    /// <summary>Our C-MOVE receiver's handler: the time the first instance was durable (the StoreScp calls it after the fsync and rename).</summary>
    private sealed class FirstArrival(Stopwatch clock) : IReceivedInstanceHandler
    {
        private int _count;

        public double? First { get; private set; }

        public int Count => Volatile.Read(ref _count);

        public void Reset()
        {
            _count = 0;
            First = null;
        }

        public Task OnReceivedAsync(ReceivedInstance instance, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _count) == 1)
            {
                First = clock.Elapsed.TotalSeconds;
            }
            return Task.CompletedTask;
        }
    }

    private static async Task RunToolAsync(string executable, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(executable, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} exited with code {process.ExitCode}: {errors}");
        }
    }

    private static async Task<string> ToolVersionAsync()
    {
        var info = new ProcessStartInfo("/usr/bin/getscu", ["--version"]) { UseShellExecute = false, RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = text.Split('\n').FirstOrDefault(l => l.Contains("getscu v", StringComparison.Ordinal)) ?? "dcmtk";
        return "dcmtk " + line.Trim().Trim('$').Trim().Replace("dcmtk: ", "", StringComparison.Ordinal);
    }

    /// <summary>A progress line on stderr (the table goes to stdout).</summary>
    private static void Note(string text) => Console.Error.WriteLine(text);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    private static int? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
    }

    private static string? OptionText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string[] LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0..3];
}
