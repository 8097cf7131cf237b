using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Dicom.IO;

/// <summary>
/// Bounded, deterministic mutation testing of the reader over small real files: every mutated input must end in
/// a dataset or a <see cref="DicomFormatException"/>, quickly and without allocating beyond the data.
/// </summary>
public sealed class DicomFileReaderMutationTests(ITestOutputHelper output)
{
    private const int Seed = 20_240_601;
    private const int Inputs = 24_000;
    private const int MaxFileBytes = 48 * 1024;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(2);

    private static readonly DicomReaderOptions Options = new() { MaxInflatedBytes = 8 << 20 };

    [Fact]
    public async Task Read_MutatedSampleFiles_EndInDatasetOrFormatException()
    {
        var samples = LoadSamples();
        Assert.True(samples.Count >= 20, $"found only {samples.Count} sample files under {string.Join(", ", SampleDirectories())}");

        var progress = new Progress();
        var finished = new TaskCompletionSource<List<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var worker = new Thread(() =>
        {
            try
            {
                finished.SetResult(Run(samples, progress, output));
            }
            catch (Exception e)
            {
                finished.SetException(e);
            }
        })
        { IsBackground = true, Name = "mutation reader" };
        var total = Stopwatch.StartNew();
        worker.Start();

        // Watchdog: a read that never returns (a hang with no cancellation check) fails the test instead of the run.
        while (!finished.Task.IsCompleted)
        {
            await Task.WhenAny(finished.Task, Task.Delay(100));
            var (current, started) = progress.Snapshot();
            if (current is not null && Stopwatch.GetElapsedTime(started) > HangLimit * 5)
            {
                Assert.Fail($"read hangs (> {HangLimit * 5}): {current}");
            }
        }
        var failures = await finished.Task;

        Assert.True(failures.Count == 0,
            $"{failures.Count} of {Inputs} mutated inputs failed (seed {Seed}, {total.Elapsed.TotalSeconds:F1} s):\n" + string.Join("\n", failures.Take(30)));
    }

    private sealed class Progress
    {
        private readonly object _gate = new();
        private string? _current;
        private long _started;

        public void Start(string? current)
        {
            lock (_gate)
            {
                _current = current;
                _started = Stopwatch.GetTimestamp();
            }
        }

        public (string? Current, long Started) Snapshot()
        {
            lock (_gate)
            {
                return (_current, _started);
            }
        }
    }

    private static List<string> Run(IReadOnlyList<(string Name, byte[] Bytes)> samples, Progress progress, ITestOutputHelper output)
    {
        var stopwatchAll = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        var failures = new List<string>();
        var outcomes = new int[2];
        for (var i = 0; i < Inputs; i++)
        {
            var random = new Random(Seed + i);
            var (name, original) = samples[random.Next(samples.Count)];
            var (bytes, mutation) = Mutate(original, random);
            var nonSeekable = random.Next(4) == 0;
            var what = $"input {i} (seed {Seed + i}): {name} [{mutation}]{(nonSeekable ? " non-seekable" : "")}";
            progress.Start(what);

            var before = GC.GetAllocatedBytesForCurrentThread();
            var stopwatch = Stopwatch.StartNew();
            try
            {
                using Stream stream = nonSeekable ? new NonSeekableStream(bytes) : new MemoryStream(bytes, writable: false);
                var file = DicomFile.Read(stream, Options);
                Touch(file.FileMetaInformation);
                Touch(file.Dataset);
                outcomes[0]++;
            }
            catch (DicomFormatException e)
            {
                outcomes[1]++;
                // Offsets of deflated data count in the inflated bytes, so only plain inputs are checked against the input size.
                if (e.Offset < 0 || (!IsDeflated(original) && e.Offset > bytes.Length))
                {
                    failures.Add($"{what}: offset {e.Offset} outside the {bytes.Length}-byte input: {e.Message}");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{what}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
            var elapsed = stopwatch.Elapsed;
            slowest = elapsed > slowest ? elapsed : slowest;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (elapsed > HangLimit)
            {
                failures.Add($"{what}: took {elapsed.TotalSeconds:F1} s");
            }
            // The reader may buffer and grow in 1 MB chunks, and an inflated dataset may reach Options.MaxInflatedBytes,
            // but it must never allocate for a declared length that the data does not back.
            var budget = 24L * bytes.Length + (IsDeflated(original) ? 4 * Options.MaxInflatedBytes : 0) + (8 << 20);
            if (allocated > budget)
            {
                failures.Add($"{what}: allocated {allocated} bytes for a {bytes.Length}-byte input");
            }
        }
        progress.Start(null);
        output.WriteLine($"{Inputs} inputs from {samples.Count} samples in {stopwatchAll.Elapsed.TotalSeconds:F1} s " +
            $"(slowest read {slowest.TotalMilliseconds:F0} ms): {outcomes[0]} datasets, {outcomes[1]} format errors");
        // The corpus must exercise both outcomes, or the mutations are too weak or too strong to mean anything.
        if (outcomes[0] < Inputs / 50 || outcomes[1] < Inputs / 10)
        {
            failures.Add($"degenerate run: {outcomes[0]} datasets, {outcomes[1]} format errors");
        }
        return failures;
    }

    private static bool IsDeflated(byte[] original) =>
        Encoding.ASCII.GetString(original, 0, Math.Min(original.Length, 512)).Contains("1.2.840.10008.1.2.1.99", StringComparison.Ordinal);

    /// <summary>Decodes every value the way a viewer would, so value decoding is exercised too.</summary>
    private static void Touch(DicomDataset dataset)
    {
        foreach (var element in dataset)
        {
            switch (element)
            {
                case DicomSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        Touch(item);
                    }
                    break;
                case DicomFragmentSequence fragments:
                    _ = fragments.BasicOffsetTable;
                    foreach (var fragment in fragments.Fragments)
                    {
                        _ = fragment.GetBytes();
                    }
                    break;
                default:
                    _ = dataset.GetStrings(element.Tag);
                    _ = dataset.GetNumbers(element.Tag);
                    _ = dataset.GetTags(element.Tag);
                    _ = dataset.GetPersonNames(element.Tag);
                    _ = dataset.GetDate(element.Tag);
                    _ = dataset.GetTime(element.Tag);
                    break;
            }
        }
    }

    private static readonly byte[] BoundaryBytes = [0x00, 0xFF, 0x7F, 0x80];
    private static readonly uint[] BoundaryLengths = [0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0, 1, 3, 0x7FFFFFFE, 0x0000FFFF];

    /// <summary>One to three mutations of <paramref name="original"/>, described for the failure report.</summary>
    private static (byte[] Bytes, string Description) Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        var description = new StringBuilder();
        var count = 1 + random.Next(3);
        for (var m = 0; m < count && bytes.Length > 0; m++)
        {
            var kind = random.Next(8);
            var at = random.Next(bytes.Length);
            switch (kind)
            {
                case 0:
                    var bit = random.Next(8);
                    bytes[at] ^= (byte)(1 << bit);
                    description.Append($"flip bit {bit} at {at}; ");
                    break;
                case 1:
                    var value = BoundaryBytes[random.Next(BoundaryBytes.Length)];
                    bytes[at] = value;
                    description.Append($"byte {at} = 0x{value:X2}; ");
                    break;
                case 2:
                    bytes = bytes[..at];
                    description.Append($"truncate to {at}; ");
                    break;
                case 3:
                    var length = Math.Min(bytes.Length - at, 1 + random.Next(64));
                    bytes = [.. bytes[..(at + length)], .. bytes[at..(at + length)], .. bytes[(at + length)..]];
                    description.Append($"duplicate {length} bytes at {at}; ");
                    break;
                case 4:
                    var remove = Math.Min(bytes.Length - at, 1 + random.Next(64));
                    bytes = [.. bytes[..at], .. bytes[(at + remove)..]];
                    description.Append($"remove {remove} bytes at {at}; ");
                    break;
                default:
                    // Length fields: after a known VR (explicit) or at a random 4-byte-aligned spot (implicit, items).
                    var field = FindLengthField(bytes, random, out var isShort);
                    if (field < 0)
                    {
                        break;
                    }
                    var newLength = BoundaryLengths[random.Next(BoundaryLengths.Length)];
                    if (random.Next(4) == 0)
                    {
                        newLength = (uint)random.Next(1, 4096) | 1; // odd
                    }
                    if (isShort)
                    {
                        bytes[field] = (byte)newLength;
                        bytes[field + 1] = (byte)(newLength >> 8);
                    }
                    else
                    {
                        BitConverter.TryWriteBytes(bytes.AsSpan(field, 4), newLength);
                    }
                    description.Append($"{(isShort ? "16" : "32")}-bit length at {field} = 0x{newLength:X8}; ");
                    break;
            }
        }
        return (bytes, description.ToString().TrimEnd(' ', ';'));
    }

    private static int FindLengthField(byte[] bytes, Random random, out bool isShort)
    {
        isShort = false;
        if (bytes.Length < 16)
        {
            return -1;
        }
        // Up to 64 tries to land on an explicit VR code; otherwise a random aligned field.
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var p = random.Next(4, bytes.Length - 8);
            if (DicomVRInfo.TryFromBytes(bytes[p], bytes[p + 1], out var vr))
            {
                if (vr.HasLongLength())
                {
                    return p + 4;
                }
                isShort = true;
                return p + 2;
            }
            if (bytes[p] == 0xFE && bytes[p + 1] == 0xFF && bytes[p + 2] is 0x00 or 0x0D or 0xDD && bytes[p + 3] == 0xE0)
            {
                return p + 4; // item or delimiter length
            }
        }
        return random.Next(bytes.Length / 4 - 1) * 4 + 4;
    }

    // ---- sample locator (kept private here so that it does not collide with a shared TestFiles catalog) ----

    private static IEnumerable<string> SampleDirectories()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("PACSVIEWER_SAMPLES");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            yield return fromEnvironment;
        }
        else
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "dicom-samples");
                if (Directory.Exists(candidate))
                {
                    yield return candidate;
                    break;
                }
            }
        }
        const string pydicom = "/usr/lib/python3/dist-packages/pydicom/data/test_files";
        if (Directory.Exists(pydicom))
        {
            yield return pydicom;
        }
    }

    /// <summary>Small files only (the mutation budget goes further), in a stable order so seeds reproduce.</summary>
    private static List<(string Name, byte[] Bytes)> LoadSamples()
    {
        var samples = new List<(string, byte[])>();
        foreach (var dir in SampleDirectories())
        {
            foreach (var path in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(path);
                if (info.Length is < 16 or > MaxFileBytes || info.Extension is ".tsv" or ".md" or ".json" or ".txt" or ".py" or ".gz" or ".bz2" or ".zip")
                {
                    continue;
                }
                var bytes = File.ReadAllBytes(path);
                if (LooksLikeDicom(bytes))
                {
                    samples.Add((Path.GetRelativePath(dir, path), bytes));
                }
            }
        }
        return samples;
    }

    private static bool LooksLikeDicom(byte[] bytes)
    {
        try
        {
            DicomFile.Read(bytes, Options);
            return true;
        }
        catch (DicomFormatException)
        {
            // Files that do not read intact (the corrupt/ folder, non-DICOM test data) are still useful seeds
            // when they start like DICOM.
            return bytes.Length > 132 && bytes.AsSpan(128, 4).SequenceEqual("DICM"u8);
        }
    }
}
