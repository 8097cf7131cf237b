using System.Text.Json;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Viewing;
using PacsViewer.Tests.Core.Imaging;

namespace PacsViewer.Tests.Core.Viewing;

/// <summary>Per-frame geometry of enhanced multi-frame images (PS3.3 C.7.6.16), checked against pydicom on the corpus.</summary>
public sealed class FunctionalGroupGeometryTests
{
    /// <summary>Each frame's macros, the Per-frame item's else the Shared one, as pydicom reads them; "null" without functional groups.</summary>
    private const string PydicomGeometry = """
        import json, sys, pydicom
        d = pydicom.dcmread(sys.argv[1], stop_before_pixels=True)
        pf = d.get('PerFrameFunctionalGroupsSequence')
        sh = d.get('SharedFunctionalGroupsSequence')
        if pf is None and sh is None:
            open(sys.argv[2], 'w').write('null')
            sys.exit(0)
        def macro(i, kw):
            if pf is not None and i < len(pf) and kw in pf[i]:
                return pf[i][kw][0]
            if sh is not None and kw in sh[0]:
                return sh[0][kw][0]
            return None
        out = []
        for i in range(int(d.get('NumberOfFrames', 1))):
            pos, ori, pm = macro(i, 'PlanePositionSequence'), macro(i, 'PlaneOrientationSequence'), macro(i, 'PixelMeasuresSequence')
            out.append({
                'position': [float(v) for v in pos.ImagePositionPatient] if pos is not None else None,
                'orientation': [float(v) for v in ori.ImageOrientationPatient] if ori is not None else None,
                'spacing': [float(v) for v in pm.PixelSpacing] if pm is not None and 'PixelSpacing' in pm else None,
                'thickness': float(pm.SliceThickness) if pm is not None and 'SliceThickness' in pm else None,
            })
        open(sys.argv[2], 'w').write(json.dumps(out))
        """;

    private static JsonElement Reference(string path) => JsonDocument.Parse(PydicomRunner.Run(PydicomGeometry, path)).RootElement;

    private static double[]? Numbers(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    [Theory]
    [InlineData("ct/CT0012.not_fragmented_bot_rle.dcm")]
    [InlineData("ct/CT0012.fragmented_no_bot_jpeg_ls.81.dcm")]
    public void Read_EnhancedCtSample_EqualsPydicomPerFrameWithSharedFallback(string sample)
    {
        var path = TestFiles.Sample(sample);
        var dataset = DicomFile.Open(path).Dataset;
        var reference = Reference(path).EnumerateArray().ToList();

        var frames = FunctionalGroupGeometry.Read(dataset, dataset.GetInt32(DicomTags.NumberOfFrames, 1));

        Assert.NotNull(frames);
        Assert.Equal(reference.Count, frames.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(Numbers(reference[i].GetProperty("position")), frames[i].ImagePositionPatient);
            Assert.Equal(Numbers(reference[i].GetProperty("orientation")), frames[i].ImageOrientationPatient);
            Assert.Equal(Numbers(reference[i].GetProperty("spacing")), frames[i].PixelSpacing);
            Assert.Equal(reference[i].GetProperty("thickness").GetDouble(), frames[i].SliceThickness);
        }
        // The frames differ in position: this is per-frame data, not one value repeated.
        Assert.NotEqual(frames[0].ImagePositionPatient, frames[1].ImagePositionPatient);
    }

    [Fact]
    public void Read_EnhancedMrSampleWithoutFunctionalGroups_IsNull()
    {
        var path = TestFiles.Sample("mr/emri_small_jpeg_ls_lossless.dcm");

        var frames = FunctionalGroupGeometry.Read(DicomFile.Open(path).Dataset, 10);

        Assert.Equal(JsonValueKind.Null, Reference(path).ValueKind);
        Assert.Null(frames);
    }

    [Fact]
    public void Read_PerFrameOrientationAndFewerItemsThanFrames_OwnMacroWinsAndMissingFramesAreNotGuessed()
    {
        var shared = new DicomDatasetBuilder()
            .SetSequence(DicomTags.PlaneOrientationSequence, new DicomDatasetBuilder().Set(DicomTags.ImageOrientationPatient, "1\\0\\0\\0\\1\\0").ToDataset())
            .SetSequence(DicomTags.PixelMeasuresSequence, new DicomDatasetBuilder().Set(DicomTags.PixelSpacing, "0.5\\0.5").ToDataset())
            .ToDataset();
        DicomDataset Frame(string position, string? orientation)
        {
            var b = new DicomDatasetBuilder()
                .SetSequence(DicomTags.PlanePositionSequence, new DicomDatasetBuilder().Set(DicomTags.ImagePositionPatient, position).ToDataset());
            if (orientation is not null)
            {
                b.SetSequence(DicomTags.PlaneOrientationSequence, new DicomDatasetBuilder().Set(DicomTags.ImageOrientationPatient, orientation).ToDataset());
            }
            return b.ToDataset();
        }
        var dataset = new DicomDatasetBuilder()
            .SetSequence(DicomTags.SharedFunctionalGroupsSequence, shared)
            .SetSequence(DicomTags.PerFrameFunctionalGroupsSequence, Frame("0\\0\\0", null), Frame("0\\0\\5", "0\\1\\0\\0\\0\\-1"))
            .ToDataset();

        var frames = FunctionalGroupGeometry.Read(dataset, 1_000_000);

        Assert.NotNull(frames);
        Assert.Equal(2, frames.Count);
        Assert.Equal([1.0, 0, 0, 0, 1, 0], frames[0].ImageOrientationPatient);
        Assert.Equal([0.0, 1, 0, 0, 0, -1], frames[1].ImageOrientationPatient);
        Assert.Equal([0.0, 0, 5], frames[1].ImagePositionPatient);
        Assert.Equal([0.5, 0.5], frames[1].PixelSpacing);
    }

    [Fact]
    public void Images_EnhancedCtSample_FramesOrderedAlongTheNormalWithTheirOwnGeometry()
    {
        var path = TestFiles.Sample("ct/CT0012.not_fragmented_bot_rle.dcm");
        var instance = StudyModelBuilder.Instance(DicomFile.Open(path).Dataset);
        var reference = Reference(path).EnumerateArray().ToList();
        // Expected order from pydicom's values: distance of each position along row x column.
        var o = Numbers(reference[0].GetProperty("orientation"))!;
        double[] normal = [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]];
        var expected = reference.Select((r, i) => (Frame: i + 1, Distance: Numbers(r.GetProperty("position"))!.Zip(normal, (a, b) => a * b).Sum()))
            .OrderBy(f => f.Distance).Select(f => f.Frame).ToList();

        var images = StackOrder.Images([instance], 100);

        Assert.Equal(expected, images.Select(i => i.Frame));
        Assert.NotEqual([1, 2], expected); // the sample's frames are stored against the normal: the order really changes
        Assert.All(images, i => Assert.Equal(Numbers(reference[i.Frame - 1].GetProperty("position")), i.Geometry.ImagePositionPatient));
        Assert.Equal(Numbers(reference[0].GetProperty("spacing")), instance.PixelSpacing);
        Assert.Equal(PixelSpacingKind.PixelSpacing, instance.PixelSpacingKind);
        Assert.Equal(o, instance.ImageOrientationPatient);
    }
}
