namespace PacsViewer.Core.Codecs;

/// <summary>Pixel data that cannot be decoded as declared: bad dimensions, short data, corrupt compressed data.</summary>
public class PixelDataException : Exception
{
    public PixelDataException(string message) : base(message) { }

    public PixelDataException(string message, Exception inner) : base(message, inner) { }
}
