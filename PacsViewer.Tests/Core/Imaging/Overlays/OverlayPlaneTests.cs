using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Overlays;
using PacsViewer.Core.Imaging.Rendering;
using PacsViewer.Tests.Core.Imaging.Grayscale;
using PacsViewer.Tests.Core.Imaging.Rendering;
using Xunit.Abstractions;

namespace PacsViewer.Tests.Core.Imaging.Overlays;

public class OverlayPlaneTests(ITestOutputHelper output)
{
    // A window far above every value turns the image black, so only overlay pixels (white in Replace mode) are lit.
    private static readonly string[] BlackWindow = ["+Ww", "100000000", "1"];

    [Theory]
    [InlineData("overlay/ovly_p01.dcm")]
    [InlineData("mr/MR-SIEMENS-DICOM-WithOverlays.dcm")]
    public async Task Render_Overlays_SetOfOverlayPixelsMatchesDcmj2pnm(string file)
    {
        var path = TestFiles.Sample(file);
        // +O 0: all overlays; +Omr: Replace mode for every overlay, foreground density 1 (white).
        var dcmtk = await DcmtkRender.RenderAsync(path, ["+O", "0", "+Omr", .. BlackWindow]);
        Assert.True(dcmtk is not null, $"dcmj2pnm did not render {file}");
        var (ours, _, _) = await RenderTestSupport.RenderPngAsync(path, RenderKey.ForWindow(100000000, 1) with { Overlays = true });
        var theirs = dcmtk.Value.Pixels.Select(p => p == 255).ToArray();
        var mine = ours.Select(p => p == 255).ToArray();
        output.WriteLine($"{file}: dcmtk {theirs.Count(b => b)} overlay pixels, ours {mine.Count(b => b)}");
        Assert.True(theirs.Count(b => b) > 0, "the reference shows no overlay pixels: the test would prove nothing");
        Assert.Equal(theirs, mine);
        Assert.All(ours, p => Assert.True(p is 0 or 255));
    }

    [Fact]
    public void FromDataset_EmbeddedOverlaySample_FindsFourPlanesTwoInPixelBits()
    {
        var planes = OverlayPlane.FromDataset(DicomFile.Open(TestFiles.Sample("overlay/ovly_p01.dcm")).Dataset);
        Assert.Equal(new ushort[] { 0x6000, 0x6002, 0x6004, 0x6006 }, planes.Select(p => p.Group));
        Assert.Equal(new[] { true, true, false, false }, planes.Select(p => p.IsEmbedded));
        Assert.Equal(new[] { 15, 14 }, planes.Where(p => p.IsEmbedded).Select(p => p.BitPosition));
    }

    [Fact]
    public async Task Render_OverlaysOff_LeavesNoOverlayPixels()
    {
        var (ours, _, _) = await RenderTestSupport.RenderPngAsync(TestFiles.Sample("overlay/ovly_p01.dcm"), RenderKey.ForWindow(100000000, 1));
        Assert.All(ours, p => Assert.Equal(0, p));
    }

    [Fact]
    public void Mark_MultiFrameOverlay_UsesFrameFromImageFrameOrigin()
    {
        // 2x2 overlay, 2 frames starting at image frame 2, origin (1, 2): frame 1 (index 1) shows overlay frame 0.
        // Overlay bits, LSB first: frame 0 = 1,0,0,1 ; frame 1 = 0,1,1,0  -> byte 0b0110_1001.
        var planes = OverlayPlane.FromDataset(BuildOverlay());
        var plane = Assert.Single(planes);
        Assert.Equal(-1, plane.OverlayFrameFor(0));
        Assert.Equal(0, plane.OverlayFrameFor(1));
        Assert.Equal(1, plane.OverlayFrameFor(2));
        Assert.Equal(-1, plane.OverlayFrameFor(3));
        using var frame1 = DecodedFrame.Allocate(new FrameInfo(2, 3, 1, 8, 8, 7, false, 0, "MONOCHROME2", 4), 1);
        var mask = new byte[6];
        plane.Mark(frame1, mask);
        Assert.Equal(new byte[] { 0, 1, 0, 0, 0, 1 }, mask);
        using var frame2 = DecodedFrame.Allocate(new FrameInfo(2, 3, 1, 8, 8, 7, false, 0, "MONOCHROME2", 4), 2);
        Array.Clear(mask);
        plane.Mark(frame2, mask);
        Assert.Equal(new byte[] { 0, 0, 1, 0, 1, 0 }, mask);
    }

    private static DicomDataset BuildOverlay() => new DicomDatasetBuilder()
        .SetUInt16(new DicomTag(0x0028, 0x0100), 8)
        .SetUInt16(new DicomTag(0x6000, 0x0010), 2)
        .SetUInt16(new DicomTag(0x6000, 0x0011), 2)
        .Set(new DicomTag(0x6000, 0x0015), DicomVR.IS, "2")
        .SetInt16(new DicomTag(0x6000, 0x0050), 1, 2)
        .SetUInt16(new DicomTag(0x6000, 0x0051), 2)
        .SetUInt16(new DicomTag(0x6000, 0x0100), 1)
        .SetUInt16(new DicomTag(0x6000, 0x0102), 0)
        .SetBytes(new DicomTag(0x6000, 0x3000), DicomVR.OW, new byte[] { 0b0110_1001, 0 })
        .ToDataset();
}
