using PacsViewer.Core.Imaging.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PacsViewer.Core.Imaging.Encoding;

/// <summary>Wraps a <see cref="RenderedImage"/>'s pooled buffer as an ImageSharp image without copying it.</summary>
internal static class ImageSharpFrames
{
    public static Image Wrap(RenderedImage image) => image.Channels switch
    {
        1 => Image.WrapMemory<L8>(image.Memory, image.Width, image.Height),
        3 => Image.WrapMemory<Rgb24>(image.Memory, image.Width, image.Height),
        _ => throw new ArgumentException($"{image.Channels} channels cannot be encoded (1 or 3)", nameof(image)),
    };
}
