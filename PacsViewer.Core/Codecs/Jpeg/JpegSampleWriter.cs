using System.Buffers.Binary;
using JpegLibrary;

namespace PacsViewer.Core.Codecs.Jpeg;

/// <summary>
/// Receives JpegLibrary's 8x8 blocks of one component (already upsampled to full resolution) and stores their
/// samples interleaved, little endian, in 1- or 2-byte containers. Blocks that overhang the image edge (the
/// padding of the last MCU row/column, T.81 A.2.4) are clipped: nothing is written outside the frame.
/// </summary>
internal sealed class JpegSampleWriter : JpegBlockOutputWriter
{
    private readonly byte[] _output;
    private readonly int _width;
    private readonly int _height;
    private readonly int _components;
    private readonly int _bytesPerSample;
    private readonly bool _isLossless;
    private readonly int _pointTransform;
    private readonly int _maxValue;

    public JpegSampleWriter(byte[] output, int width, int height, int components, int bytesPerSample, int precision,
        bool isLossless, int pointTransform)
    {
        if (output.Length < (long)width * height * components * bytesPerSample)
        {
            throw new ArgumentException("the output buffer is smaller than the frame", nameof(output));
        }
        _output = output;
        _width = width;
        _height = height;
        _components = components;
        _bytesPerSample = bytesPerSample;
        _isLossless = isLossless;
        _pointTransform = pointTransform;
        _maxValue = (1 << precision) - 1;
    }

    public override void WriteBlock(ref short blockRef, int componentIndex, int x, int y)
    {
        if ((uint)componentIndex >= (uint)_components || x < 0 || y < 0 || x >= _width || y >= _height)
        {
            return;
        }
        var block = System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref blockRef, 64);
        var columns = Math.Min(8, _width - x);
        var rows = Math.Min(8, _height - y);
        var pixelStride = _components * _bytesPerSample;
        for (var row = 0; row < rows; row++)
        {
            var source = block.Slice(row * 8, columns);
            var destination = _output.AsSpan((((y + row) * _width) + x) * pixelStride + componentIndex * _bytesPerSample);
            for (var column = 0; column < columns; column++)
            {
                var value = Sample(source[column]);
                var offset = column * pixelStride;
                if (_bytesPerSample == 1)
                {
                    destination[offset] = (byte)value;
                }
                else
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], (ushort)value);
                }
            }
        }
    }

    private int Sample(short value)
    {
        if (_isLossless)
        {
            // T.81 H.1.2.1 / H.2: reconstructed values are modulo 2^16 (JpegLibrary keeps them as short), and
            // samples coded with point transform Pt are scaled back by 2^Pt. Signed data keeps its two's
            // complement bit pattern in P bits (PS3.5 8.2.1); sign extension happens later in the pipeline.
            return ((ushort)value << _pointTransform) & _maxValue;
        }
        // DCT processes: the IDCT output after level shift (T.81 A.3.1) may overshoot; clamp to 0..2^P-1.
        return Math.Clamp((int)value, 0, _maxValue);
    }
}
