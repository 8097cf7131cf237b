using System.Buffers.Binary;
using JpegLibrary;

namespace PacsViewer.Core.Codecs.Jpeg;

/// <summary>
/// DCT processes: receives JpegLibrary's 8x8 blocks of one component (already upsampled to full resolution) and stores their
/// samples interleaved, little endian, in 1- or 2-byte containers. Blocks that overhang the image edge (the
/// padding of the last MCU row/column, T.81 A.2.4) are clipped: nothing is written outside the frame.
/// </summary>
internal sealed class JpegSampleWriter : JpegBlockOutputWriter
{
    private readonly byte[] _output;
    private readonly int _width;
    private readonly int _height;
    private readonly int _rowLength;
    private readonly int _components;
    private readonly int _bytesPerSample;
    private readonly int _maxValue;

    /// <param name="width">Samples per line of the JPEG image.</param>
    /// <param name="height">Lines of the JPEG image.</param>
    /// <param name="rowLength">Pixels per row of the output frame (Columns), at least <paramref name="width"/>.</param>
    public JpegSampleWriter(byte[] output, int width, int height, int rowLength, int components, int bytesPerSample,
        int precision)
    {
        if (rowLength < width || output.Length < (long)rowLength * height * components * bytesPerSample)
        {
            throw new ArgumentException("the output buffer is smaller than the frame", nameof(output));
        }
        _output = output;
        _width = width;
        _height = height;
        _rowLength = rowLength;
        _components = components;
        _bytesPerSample = bytesPerSample;
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
            var destination = _output.AsSpan((((y + row) * _rowLength) + x) * pixelStride + componentIndex * _bytesPerSample);
            for (var column = 0; column < columns; column++)
            {
                // The IDCT output after level shift (T.81 A.3.1) may overshoot: clamp to 0..2^P-1.
                var value = Math.Clamp((int)source[column], 0, _maxValue);
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
}
