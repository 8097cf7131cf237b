using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Tests.Core.Viewing;

public sealed class StudyModelBuilderTests
{
    private static readonly DemoStudyGenerator Generator = new("study-model-builder-tests");

    [Fact]
    public void Instance_DemoCr_ImagerPixelSpacingMonochrome1()
    {
        var cr = StudyModelBuilder.Instance(Generator.Radiograph().Dataset);

        Assert.Equal(PixelSpacingKind.ImagerPixelSpacing, cr.PixelSpacingKind);
        Assert.Equal([DemoStudyGenerator.CrImagerPixelSpacing, DemoStudyGenerator.CrImagerPixelSpacing], cr.PixelSpacing);
        Assert.Equal("MONOCHROME1", cr.Photometric);
        Assert.False(cr.IsColor);
        Assert.Equal((DemoStudyGenerator.CrRows, DemoStudyGenerator.CrColumns), (cr.Rows, cr.Columns));
    }

    [Fact]
    public void Instance_DemoUltrasound_ColourClipWithFrameTime()
    {
        var file = Generator.UltrasoundClip();
        var us = StudyModelBuilder.Instance(file.Dataset);

        Assert.True(us.IsColor);
        Assert.Empty(us.Windows);
        Assert.Equal(file.Dataset.GetInt32(DicomTags.NumberOfFrames, 0), us.Frames);
        Assert.True(us.Frames > 1);
        Assert.Equal(file.Dataset.GetDouble(DicomTags.FrameTime, double.NaN), us.FrameTimeMs);
        Assert.Null(us.ModalityUnits);
    }

    [Fact]
    public void Instance_CineRateWithoutFrameTime_FrameTimeFromRate()
    {
        var header = new DicomDatasetBuilder().Set(DicomTags.CineRate, "25").ToDataset();

        Assert.Equal(40, StudyModelBuilder.Instance(header).FrameTimeMs);
    }

    [Theory]
    [InlineData("CT", null, "HU")]
    [InlineData("CT", "HU", "HU")]
    [InlineData("PT", "BQML", "BQML")]
    [InlineData("MR", null, null)]
    public void ModalityUnits_ModalityAndRescaleType_Units(string modality, string? rescaleType, string? expected)
    {
        var b = new DicomDatasetBuilder().Set(DicomTags.Modality, modality);
        if (rescaleType is not null)
        {
            b.Set(DicomTags.RescaleType, rescaleType);
        }

        Assert.Equal(expected, StudyModelBuilder.ModalityUnits(b.ToDataset()));
    }

    [Fact]
    public void Study_DemoMrShuffled_OrderedAlongItsNormalWithFilePresets()
    {
        var headers = Enumerable.Range(0, 6).Select(i => Generator.MrSlice(i).Dataset).Reverse().ToList();
        var series = StudyModelBuilder.Series(headers[0], headers);

        var study = StudyModelBuilder.Study(headers[0], [series]);

        var normal = DemoStudyGenerator.MrNormal;
        var distances = study.Series[0].Instances.Select(i => i.ImagePositionPatient!.Select((p, k) => p * normal[k]).Sum()).ToList();
        Assert.Equal(distances.Order(), distances);
        Assert.Equal(SeriesKind.Image, study.Series[0].Kind);
        Assert.Equal(WindowPresets.For("MR", series.Instances[0].Windows), study.Presets["MR"]);
        Assert.Equal("DEMO^MR", headers[0].GetString(DicomTags.PatientName));
        Assert.Equal("DEMO, MR", study.PatientName);
    }

    [Fact]
    public void Series_DemoMrAndCt_BodyPartExaminedFromTheHeaders()
    {
        var mr = Enumerable.Range(0, 2).Select(i => Generator.MrSlice(i).Dataset).ToList();
        var ct = Enumerable.Range(0, 2).Select(i => Generator.CtSlice(i).Dataset).ToList();

        Assert.Equal("HEAD", StudyModelBuilder.Series(mr[0], mr).BodyPart);
        Assert.Equal("CHEST", StudyModelBuilder.Series(ct[0], ct).BodyPart);
        Assert.Null(StudyModelBuilder.Series(DicomDataset.Empty, []).BodyPart);
    }
}
