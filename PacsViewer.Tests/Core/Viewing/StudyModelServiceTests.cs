using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Viewing;
using PacsViewer.Core.Viewing.Geometry;
using PacsViewer.Tests.Core.Archive.Demo;

namespace PacsViewer.Tests.Core.Viewing;

/// <summary>The study model and header cache over the built-in archive seeded with every demo study.</summary>
public sealed class StudyModelServiceTests(DemoArchiveFixture fixture) : IClassFixture<DemoArchiveFixture>
{
    private readonly DemoStudyGenerator _generator = new(DemoArchiveFixture.Seed);

    [Fact]
    public async Task LoadAsync_DemoCt_AllSlicesIncreasingAlongTheNormal()
    {
        var model = await StudyModelService.LoadAsync(fixture.Archive, _generator.Uid("ct/study"));

        Assert.Equal(2, model.Series.Count); // axial, then the coronal reformat (Series Number 3)
        var series = model.Series[0];
        Assert.Equal(SeriesKind.Image, series.Kind);
        Assert.Equal(DemoStudyGenerator.CtSlices, series.Instances.Count);
        var normal = StackOrder.Normal(series.Instances)!.Value;
        Assert.Equal(new Vector3D(0, 0, 1), normal);
        var distances = series.Instances.Select(i => StackOrder.Distance(i, normal)).ToList();
        Assert.All(distances.Zip(distances.Skip(1)), pair => Assert.Equal(DemoStudyGenerator.CtSliceSpacing, pair.Second - pair.First, 9));
        Assert.Equal(DemoStudyGenerator.CtFirstSliceZ, distances[0], 9);
        Assert.Equal(("DEMO, CT", "CT CHEST ABDOMEN (DEMO)", "2024-03-14"), (model.PatientName, model.Description, model.StudyDate));
        Assert.Equal(WindowPresets.Ct, model.Presets["CT"]);
        Assert.Equal(new EdgeMarkers("R", "L", "A", "P"), OrientationMarkers.For(series.Instances[0].ImageOrientationPatient));
    }

    [Fact]
    public async Task LoadAsync_DemoUltrasound_ColourClipWithItsFrames()
    {
        var clip = _generator.UltrasoundClip().Dataset;

        var model = await StudyModelService.LoadAsync(fixture.Archive, clip.GetFirstString(DicomTags.StudyInstanceUID)!);

        var instance = Assert.Single(Assert.Single(model.Series).Instances);
        Assert.True(instance.IsColor);
        Assert.Equal(clip.GetInt32(DicomTags.NumberOfFrames, 0), instance.Frames);
        Assert.Equal(DemoStudyGenerator.UsFrameTimeMs, instance.FrameTimeMs!.Value, 6);
        Assert.Empty(model.Presets["US"]);
    }

    [Fact]
    public async Task LoadAsync_UnknownStudy_ThrowsNotFoundNamingTheSource()
    {
        var e = await Assert.ThrowsAsync<StudyObjectNotFoundException>(() => StudyModelService.LoadAsync(fixture.Archive, "1.2.3.999"));

        Assert.Equal("archive", e.SourceId);
        Assert.Contains("1.2.3.999", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstanceHeaderCache_RepeatedAndBeyondCapacity_SameDatasetThenEvictsLeastRecentlyUsed()
    {
        var cache = new InstanceHeaderCache(capacity: 2);
        var study = _generator.Uid("ct/study");
        var series = _generator.Uid("ct/series");
        InstanceKey Slice(int i) => new(study, series, _generator.CtSlice(i).SopInstanceUid!);

        var first = await cache.GetAsync(fixture.Archive, Slice(0));
        var again = await cache.GetAsync(fixture.Archive, Slice(0));
        await cache.GetAsync(fixture.Archive, Slice(1));
        await cache.GetAsync(fixture.Archive, Slice(0)); // slice 0 most recent: slice 1 goes next
        await cache.GetAsync(fixture.Archive, Slice(2));
        var stillCached = await cache.GetAsync(fixture.Archive, Slice(0));

        Assert.Same(first, again);
        Assert.Same(first, stillCached);
        Assert.Equal(2, cache.Count);
        Assert.Equal(_generator.CtSlice(0).SopInstanceUid, first.GetFirstString(DicomTags.SOPInstanceUID));
        await Assert.ThrowsAsync<StudyObjectNotFoundException>(() => cache.GetAsync(fixture.Archive, new InstanceKey(study, series, "1.2.3")));
        Assert.Equal(2, cache.Count);
    }
}
