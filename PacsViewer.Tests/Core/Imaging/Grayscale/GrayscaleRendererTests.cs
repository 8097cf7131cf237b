using System.Buffers.Binary;
using System.Text;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Grayscale;

namespace PacsViewer.Tests.Core.Imaging.Grayscale;

public class GrayscaleRendererTests
{
    private static DecodedFrame Frame16(bool signed, int bitsStored, params ushort[] containers)
    {
        var frame = DecodedFrame.Allocate(new FrameInfo(1, containers.Length, 1, 16, bitsStored, bitsStored - 1, signed, 0, "MONOCHROME2"));
        for (var i = 0; i < containers.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(frame.Pixels[(i * 2)..], containers[i]);
        }
        return frame;
    }

    private static GrayscalePipeline Pipeline(ModalityLut? modality = null, bool mono1 = false) =>
        new(modality ?? ModalityLut.Identity, [], [], mono1);

    [Fact]
    public void Render_SignedTwelveBitWithJunkHighBits_UsesSignExtendedStoredValue()
    {
        // 0xF800 -> stored 0x800 = -2048; 0x07FF = 2047; 0xA000 -> 0 (junk above bit 11).
        using var frame = Frame16(true, 12, 0xF800, 0x07FF, 0xA000);
        var output = new byte[3];

        new GrayscaleRenderer().Render(frame, Pipeline(), GrayscaleRenderOptions.ForWindow(0, 4096, VoiLutFunction.LinearExact), output);

        Assert.Equal(new byte[] { 0, 255, 128 }, output);
    }

    [Fact]
    public void Render_RescaleThenWindow_AppliesModalityBeforeVoi()
    {
        // CT: HU = stored - 1024; window 0 / 2 (LINEAR_EXACT): HU -1 -> 0, HU 0 -> 127.5 -> 128, HU 1 -> 255.
        using var frame = Frame16(false, 16, 1023, 1024, 1025);
        var output = new byte[3];

        new GrayscaleRenderer().Render(frame, Pipeline(ModalityLut.Rescale(1, -1024)), GrayscaleRenderOptions.ForWindow(0, 2, VoiLutFunction.LinearExact), output);

        Assert.Equal(new byte[] { 0, 128, 255 }, output);
    }

    [Fact]
    public void Render_Monochrome1_Inverts()
    {
        using var frame = Frame16(false, 8, 0, 255);
        var output = new byte[2];

        new GrayscaleRenderer().Render(frame, Pipeline(mono1: true), GrayscaleRenderOptions.For(VoiSource.MinMax), output);

        Assert.Equal(new byte[] { 255, 0 }, output);
    }

    [Fact]
    public void Render_Monochrome1WithUserInvert_ShowsIdentity()
    {
        using var frame = Frame16(false, 8, 0, 255);
        var output = new byte[2];

        new GrayscaleRenderer().Render(frame, Pipeline(mono1: true), GrayscaleRenderOptions.For(VoiSource.MinMax) with { Invert = true }, output);

        Assert.Equal(new byte[] { 0, 255 }, output);
    }

    [Fact]
    public void Render_ThirtyTwoBitWideRange_UsesBinnedTable()
    {
        var info = new FrameInfo(1, 3, 1, 32, 32, 31, false, 0, "MONOCHROME2");
        using var frame = DecodedFrame.Allocate(info);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.Pixels, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.Pixels[4..], 2_000_000_000);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.Pixels[8..], 4_000_000_000);
        var output = new byte[3];

        new GrayscaleRenderer().Render(frame, Pipeline(), GrayscaleRenderOptions.For(VoiSource.MinMax), output);

        Assert.Equal(0, output[0]);
        Assert.InRange(output[1], 127, 128);
        Assert.Equal(255, output[2]);
    }

    [Fact]
    public void GetLut_SameKeyTwice_BuildsOneTable()
    {
        using var frame = Frame16(false, 12, 1, 2, 3);
        var renderer = new GrayscaleRenderer();
        var options = GrayscaleRenderOptions.ForWindow(100, 50);

        var first = renderer.GetLut(frame, Pipeline(), options);
        var second = renderer.GetLut(frame, Pipeline(), options);
        var other = renderer.GetLut(frame, Pipeline(), GrayscaleRenderOptions.ForWindow(100, 51));

        Assert.Same(first, second);
        Assert.NotSame(first, other);
        Assert.Equal(4096, first.SizeInBytes);
    }

    [Fact]
    public void Render_FileWindowIndexOutOfRange_Throws()
    {
        using var frame = Frame16(false, 12, 1);

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new GrayscaleRenderer().Render(frame, Pipeline(), GrayscaleRenderOptions.ForFileWindow(0), new byte[1]));
    }

    [Fact]
    public void FromDataset_EnhancedPerFrameGroups_ReadsFrameRescaleAndWindow()
    {
        static DicomValueElement Text(DicomTag tag, DicomVR vr, string value) => new(tag, vr, System.Text.Encoding.ASCII.GetBytes(value.Length % 2 == 0 ? value : value + " "));
        DicomDataset Group(string slope, string intercept, string center, string width) => new([
            new DicomSequence(DicomTags.PixelValueTransformationSequence, [new DicomDataset([
                Text(DicomTags.RescaleIntercept, DicomVR.DS, intercept), Text(DicomTags.RescaleSlope, DicomVR.DS, slope)])]),
            new DicomSequence(DicomTags.FrameVOILUTSequence, [new DicomDataset([
                Text(DicomTags.WindowCenter, DicomVR.DS, center), Text(DicomTags.WindowWidth, DicomVR.DS, width),
                Text(DicomTags.VOILUTFunction, DicomVR.CS, "SIGMOID")])]),
        ]);
        var dataset = new DicomDataset([
            new DicomSequence(DicomTags.SharedFunctionalGroupsSequence, [Group("1", "0", "10", "20")]),
            new DicomSequence(DicomTags.PerFrameFunctionalGroupsSequence, [new DicomDataset([]), Group("2", "-100", "40", "400")]),
        ]);

        var frame0 = GrayscalePipeline.FromDataset(dataset, 0);
        var frame1 = GrayscalePipeline.FromDataset(dataset, 1);

        Assert.Equal((1.0, 0.0), (frame0.Modality.Slope, frame0.Modality.Intercept)); // shared group
        Assert.Equal(new WindowLevel(10, 20, VoiLutFunction.Sigmoid), frame0.Windows.Single());
        Assert.Equal((2.0, -100.0), (frame1.Modality.Slope, frame1.Modality.Intercept)); // its own group
        Assert.Equal(new WindowLevel(40, 400, VoiLutFunction.Sigmoid), frame1.Windows.Single());
    }
}
