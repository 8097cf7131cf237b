using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Viewing;
using PacsViewer.Tests.Core.Archive.Caching;

namespace PacsViewer.Tests.Core.Viewing;

public sealed class SeriesThumbnailChoicesTests
{
    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static async Task<(string Study, string Series, List<(int Number, string Uid)> Instances)> SeriesOfAsync(FolderStudySource source)
    {
        var first = PacsViewer.Core.Dicom.IO.DicomFile.Open(
            Directory.EnumerateFiles(TestFiles.Sample("series/mr_brain_ge_axial_pd"), "*.dcm").First()).Dataset;
        var (study, series) = (first.GetFirstString(DicomTags.StudyInstanceUID)!, first.GetFirstString(DicomTags.SeriesInstanceUID)!);
        var instances = new List<(int Number, string Uid)>();
        await foreach (var i in source.SearchInstancesAsync(study, series))
        {
            instances.Add((i.GetInt32(DicomTags.InstanceNumber, 0), i.GetFirstString(DicomTags.SOPInstanceUID)!));
        }
        return (study, series, instances);
    }

    [Fact]
    public async Task ChooseAsync_MrSeries_MiddleByInstanceNumberRememberedUntilItsLifetimeEnds()
    {
        var source = FolderStudySource.MrSeries();
        var (study, series, instances) = await SeriesOfAsync(source);
        var time = new ManualTime();
        var choices = new SeriesThumbnailChoices(time, lifetime: TimeSpan.FromMinutes(10));
        var expected = instances.OrderBy(i => i.Number).ElementAt(instances.Count / 2).Uid;

        Assert.Null(choices.TryGet(source.Id, study, series));
        var chosen = await choices.ChooseAsync(source, study, series);
        time.Now += TimeSpan.FromMinutes(9);
        var remembered = choices.TryGet(source.Id, study, series);
        time.Now += TimeSpan.FromMinutes(1);
        var expired = choices.TryGet(source.Id, study, series);

        Assert.Equal(20, instances.Count);
        Assert.Equal(expected, chosen?.SopInstanceUid);
        Assert.Equal(chosen, remembered);
        Assert.Null(expired);
        Assert.Null(choices.TryGet("other-source", study, series));
    }

    [Fact]
    public async Task ChooseAsync_BeyondCapacityOrEmptySeries_LeastRecentlyUsedForgottenAndNothingChosen()
    {
        var a = FolderStudySource.MrSeries("a");
        var b = FolderStudySource.MrSeries("b");
        var (study, series, _) = await SeriesOfAsync(a);
        var choices = new SeriesThumbnailChoices(capacity: 1);

        await choices.ChooseAsync(a, study, series);
        await choices.ChooseAsync(b, study, series);
        var empty = await choices.ChooseAsync(a, study, "2.25.404");

        Assert.Null(choices.TryGet("a", study, series));
        Assert.NotNull(choices.TryGet("b", study, series));
        Assert.Null(empty);
    }
}
