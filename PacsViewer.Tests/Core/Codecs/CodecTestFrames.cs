using System.Buffers.Binary;
using System.Diagnostics;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging;

namespace PacsViewer.Tests.Core.Codecs;

/// <summary>
/// Helpers for the native codec tests: the compressed bytes of one frame (through FrameReader's fragment location,
/// PS3.5 A.4), statistics
/// of stored values as the references define them, and dcmtk runs.
/// </summary>
internal static class CodecTestFrames
{
    /// <summary>Corpus files with one of <paramref name="syntaxes"/> whose reference says they decode.</summary>
    public static TheoryData<string> DecodableSamples(params string[] syntaxes)
    {
        var data = new TheoryData<string>();
        foreach (var (file, row) in TestFiles.Manifest().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (syntaxes.Contains(row["transfer_syntax_uid"]) && SampleReference.For(file) is { IsDecodable: true })
            {
                data.Add(file);
            }
        }
        return data;
    }

    /// <summary>The joined fragments of frame <paramref name="frame"/>, located as FrameReader locates them (PS3.5 A.4).</summary>
    public static byte[] FrameBytes(DicomFile file, int frame) =>
        FrameReader.JoinFrameFragments(file.Dataset, file.TransferSyntax, frame);

    /// <summary>Decodes frame <paramref name="frame"/> of <paramref name="path"/> with <paramref name="decoder"/>.</summary>
    public static (FrameInfo Info, byte[] Pixels) Decode(IFrameDecoder decoder, string path, int frame = 0)
    {
        var file = DicomFile.Open(path, new DicomReaderOptions());
        var source = FrameInfo.FromDataset(file.Dataset);
        var decoded = decoder.GetDecodedInfo(source);
        var pixels = new byte[decoded.FrameLength];
        decoder.Decode(FrameBytes(file, frame), source, pixels);
        return (decoded, pixels);
    }

    /// <summary>The layout and the compressed bytes of frame 0 of corpus file <paramref name="sample"/>.</summary>
    public static (FrameInfo Source, byte[] Bytes) Frame0(string sample)
    {
        var file = DicomFile.Open(TestFiles.Sample(sample));
        return (FrameInfo.FromDataset(file.Dataset), FrameBytes(file, 0));
    }

    /// <summary>
    /// Stored values of a decoded frame (masked to Bits Stored, sign-extended from High Bit when signed), one per
    /// sample, as the references define them.
    /// </summary>
    public static long[] StoredValues(FrameInfo info, ReadOnlySpan<byte> pixels)
    {
        var bytes = info.BytesPerSample;
        var count = pixels.Length / bytes;
        var shift = info.HighBit + 1 - info.BitsStored;
        var mask = info.BitsStored >= 64 ? ulong.MaxValue : (1UL << info.BitsStored) - 1;
        var values = new long[count];
        for (var i = 0; i < count; i++)
        {
            var s = pixels.Slice(i * bytes, bytes);
            ulong raw = bytes switch
            {
                1 => s[0],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(s),
                _ => BinaryPrimitives.ReadUInt32LittleEndian(s),
            };
            var v = (long)((raw >> shift) & mask);
            if (info.IsSigned && (v & (1L << (info.BitsStored - 1))) != 0)
            {
                v -= 1L << info.BitsStored;
            }
            values[i] = v;
        }
        return values;
    }

    /// <summary>Min, max and mean of the stored values (see <see cref="StoredValues"/>) over all samples.</summary>
    public static (double Min, double Max, double Mean) StoredStatistics(FrameInfo info, ReadOnlySpan<byte> pixels)
    {
        var values = StoredValues(info, pixels);
        return (values.Min(), values.Max(), values.Average(v => (double)v));
    }

    /// <summary>
    /// Runs a dcmtk tool and fails the test with its output when it does not succeed (a 60-second hang detector, not
    /// a speed limit).
    /// </summary>
    public static async Task RunDcmtkAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
    }

    /// <summary>The native Pixel Data of frame <paramref name="frame"/> of an uncompressed file, interleaved.</summary>
    public static byte[] NativeFrame(string path, int frame)
    {
        var file = DicomFile.Open(path);
        var info = FrameInfo.FromDataset(file.Dataset);
        var all = file.Dataset.GetBytes(DicomTags.PixelData);
        var bytes = all.Slice((int)(frame * info.FrameLength), (int)info.FrameLength).ToArray();
        if (info.PlanarConfiguration == 1)
        {
            // PS3.3 C.7.6.3.1.3: one plane per sample; interleave it.
            var pixels = (int)info.PixelCount;
            var b = info.BytesPerSample;
            var interleaved = new byte[bytes.Length];
            for (var c = 0; c < info.SamplesPerPixel; c++)
            {
                for (var i = 0; i < pixels; i++)
                {
                    Array.Copy(bytes, (c * pixels + i) * b, interleaved, (i * info.SamplesPerPixel + c) * b, b);
                }
            }
            return interleaved;
        }
        return bytes;
    }
}
