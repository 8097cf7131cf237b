using PacsViewer.Core.Worklist;
using PacsViewer.Web.Worklist;

namespace PacsViewer.Tests.Web.Worklist;

/// <summary>The worklist page's view models: filter form, sort labels, lock text and viewer links.</summary>
public sealed class WorklistViewModelTests
{
    [Fact]
    public void ToFilter_FormWithBlanksAndDates_TrimsDropsBlanksAndSortsLists()
    {
        var form = new WorklistFilterForm
        {
            PatientName = " smith* ",
            PatientId = "  ",
            AccessionNumber = "ACC1?",
            Modality = "ct",
            From = new DateTime(2024, 1, 5),
            To = new DateTime(2024, 1, 7),
            StudyDescription = "",
            Statuses = [ReadingStatus.Preliminary, ReadingStatus.Unread],
            Priorities = [ReadingPriority.Stat],
            AssignedToMe = true,
        };

        var filter = form.ToFilter();

        Assert.Equal("smith*", filter.PatientName);
        Assert.Null(filter.PatientId);
        Assert.Equal("ACC1?", filter.AccessionNumber);
        Assert.Equal("ct", filter.Modality);
        Assert.Equal((new DateOnly(2024, 1, 5), new DateOnly(2024, 1, 7)), (filter.StudyDateFrom!.Value, filter.StudyDateTo!.Value));
        Assert.Null(filter.StudyDescription);
        Assert.Equal([ReadingStatus.Unread, ReadingStatus.Preliminary], filter.Statuses);
        Assert.Equal([ReadingPriority.Stat], filter.Priorities);
        Assert.True(filter.AssignedToMe);
        Assert.False(filter.Unassigned);
        Assert.Null(new WorklistFilterForm().ToFilter().Statuses);
    }

    [Fact]
    public void FromFilter_SavedFilter_FormGivesTheSameFilterBack()
    {
        var saved = new WorklistFilter
        {
            PatientName = "DOE*",
            Modality = "MR",
            StudyDateFrom = new DateOnly(2023, 12, 31),
            Statuses = [ReadingStatus.Final],
            Priorities = [ReadingPriority.Urgent, ReadingPriority.Routine],
            Unassigned = true,
        };

        var again = WorklistFilterForm.FromFilter(saved).ToFilter();

        Assert.Equal(saved.PatientName, again.PatientName);
        Assert.Equal(saved.Modality, again.Modality);
        Assert.Equal(saved.StudyDateFrom, again.StudyDateFrom);
        Assert.Null(again.StudyDateTo);
        Assert.Equal(saved.Statuses, again.Statuses);
        Assert.Equal(saved.Priorities, again.Priorities);
        Assert.True(again.Unassigned);
    }

    [Theory]
    [InlineData("PatientName", WorklistSortField.PatientName)]
    [InlineData("StudyDate", WorklistSortField.StudyDate)]
    [InlineData("AssignedTo", WorklistSortField.AssignedTo)]
    [InlineData(null, WorklistSortField.Priority)]
    [InlineData("patientname", WorklistSortField.Priority)]
    [InlineData("42", WorklistSortField.Priority)]
    public void Parse_SortLabel_DatabaseSortField(string? label, WorklistSortField expected) =>
        Assert.Equal(expected, WorklistSortLabels.Parse(label));

    [Fact]
    public void Lock_LiveLock_HolderSinceLastActivityAndLapseTime()
    {
        var item = Item("radiologist2", new DateTimeOffset(2026, 11, 29, 10, 20, 0, TimeSpan.Zero));

        var text = WorklistDisplay.Lock(item, TimeSpan.FromMinutes(15), TimeZoneInfo.Utc);

        Assert.Equal("Locked by radiologist2 since 10:05 (lapses 10:20)", text);
        Assert.Equal("", WorklistDisplay.Lock(Item(null, null), TimeSpan.FromMinutes(15), TimeZoneInfo.Utc));
    }

    [Fact]
    public void Status_InProgress_TwoWords() =>
        Assert.Equal(["Unread", "In progress", "Preliminary", "Final", "Amended"], Enum.GetValues<ReadingStatus>().Select(WorklistDisplay.Status));

    [Fact]
    public void Name_PersonNameComponents_FamilyCommaGiven()
    {
        Assert.Equal("DOE, JANE", WorklistDisplay.Name("DOE^JANE"));
        Assert.Equal("", WorklistDisplay.Name(null));
    }

    [Fact]
    public void WithPrior_SourcesAndUids_EscapedQueryThatParsesBack()
    {
        var url = ViewerLinks.WithPrior("archive", "1.2.3", "main pacs", "1.2.4");

        Assert.Equal("viewer/archive/1.2.3?prior=main%20pacs%2F1.2.4", url);
        Assert.True(ViewerLinks.TryParsePrior(Uri.UnescapeDataString(url.Split("prior=")[1]), out var source, out var study));
        Assert.Equal(("main pacs", "1.2.4"), (source, study));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("/1.2.3")]
    [InlineData("archive/")]
    public void TryParsePrior_NotSourceSlashUid_False(string? value) =>
        Assert.False(ViewerLinks.TryParsePrior(value, out _, out _));

    private static WorklistItem Item(string? lockedBy, DateTimeOffset? expires) =>
        new(1, "archive", "1.2.3", "DOE^JANE", "P1", null, null, null, null, "CT", null, ReadingStatus.InProgress, ReadingPriority.Routine,
            null, lockedBy, expires);
}
