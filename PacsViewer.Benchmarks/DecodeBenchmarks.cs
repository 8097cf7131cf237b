using BenchmarkDotNet.Attributes;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging;

namespace PacsViewer.Benchmarks;

/// <summary>
/// Decoding one frame of a corpus file already opened (FrameReader.ReadFrame into a pooled DecodedFrame, disposed):
/// the 512 x 512 CT in each compressed transfer syntax, and the 3062 x 2394 JPEG lossless mammogram; and the codec
/// alone on the same frame with its fragments joined beforehand, so the difference is FrameReader's own cost (locating
/// and joining fragments, the pooled frame). All files here hold one frame.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[IterationTime(250)]
public class DecodeBenchmarks
{
    private readonly FrameReader _reader = new(DefaultCodecs.CreateDefault());
    private readonly Dictionary<string, DicomFile> _files = [];
    private byte[] _compressed = [];
    private byte[] _destination = [];
    private IFrameDecoder _decoder = null!;
    private FrameInfo _info = null!;

    [Params("ct/CT2_RLE.dcm", "ct/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm", "ct/CT1_UNC.fragmented_bot_jpeg_ls.80.dcm",
        "ct/CT2_J2KI.dcm", "cr_dx/GH133_MG_VOILUTSequence.dcm")]
    public string File { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var corpus = SampleCorpus.LocateDirectory(out _);
        var file = _files[File] = DicomFile.Open(Path.Combine(corpus, File));
        _decoder = DefaultCodecs.CreateDefault().GetDecoder(file.TransferSyntax);
        _info = FrameInfo.FromDataset(file.Dataset);
        var fragments = (DicomFragmentSequence)file.Dataset[DicomTags.PixelData]!;
        using var joined = new MemoryStream();
        foreach (var fragment in fragments.Fragments)
        {
            var bytes = new byte[fragment.Length];
            fragment.CopyTo(0, bytes);
            joined.Write(bytes);
        }
        _compressed = joined.ToArray();
        _destination = new byte[_decoder.GetDecodedInfo(_info).FrameLength];
    }

    [Benchmark(Description = "IFrameDecoder.Decode only (fragments joined beforehand)")]
    public int DecodeCodecOnly()
    {
        _decoder.Decode(_compressed, _info, _destination);
        return _destination.Length;
    }

    [Benchmark(Description = "ReadFrame(file, 0)")]
    public int Decode()
    {
        using var frame = _reader.ReadFrame(_files[File], 0);
        return frame.Length;
    }
}
