using PacsViewer.Core.Viewing;

namespace PacsViewer.Tests.Core.Viewing;

public sealed class SopClassKindsTests
{
    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.2", 512, 512, "MONOCHROME2", SeriesKind.Image)]
    [InlineData("1.2.840.10008.5.1.4.1.1.481.2", 64, 64, "MONOCHROME2", SeriesKind.Image)] // RT Dose is an image
    [InlineData("1.2.840.10008.5.1.4.1.1.88.33", 0, 0, null, SeriesKind.Sr)]
    [InlineData("1.2.840.10008.5.1.4.1.1.88.59", 0, 0, null, SeriesKind.Sr)]
    [InlineData("1.2.840.10008.5.1.4.1.1.104.1", 0, 0, null, SeriesKind.Pdf)]
    [InlineData("1.2.840.10008.5.1.4.1.1.104.2", 0, 0, null, SeriesKind.Unsupported)]
    [InlineData("1.2.840.10008.5.1.4.1.1.11.1", 512, 512, "MONOCHROME2", SeriesKind.Unsupported)]
    [InlineData("1.2.840.10008.5.1.4.1.1.481.3", 0, 0, null, SeriesKind.Unsupported)]
    [InlineData("1.2.3.4", 0, 0, null, SeriesKind.Unsupported)]
    [InlineData(null, 10, 10, "RGB", SeriesKind.Image)]
    public void Classify_SopClassAndImageAttributes_Kind(string? sopClass, int rows, int columns, string? photometric, SeriesKind expected)
    {
        Assert.Equal(expected, SopClassKinds.Classify(sopClass, rows, columns, photometric));
    }

    [Fact]
    public void Describe_Unsupported_NamesTheClassAndSaysItCannotBeShown()
    {
        Assert.Equal("Grayscale Softcopy Presentation State Storage: the viewer cannot display this object",
            SopClassKinds.Describe(SeriesKind.Unsupported, "1.2.840.10008.5.1.4.1.1.11.1"));
        Assert.Equal("Comprehensive SR Storage", SopClassKinds.Describe(SeriesKind.Sr, "1.2.840.10008.5.1.4.1.1.88.33"));
    }
}
