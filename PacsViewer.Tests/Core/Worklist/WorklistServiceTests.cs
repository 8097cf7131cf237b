using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Worklist;

/// <summary>The worklist query (paged, sorted, filtered in the database), priors, patient search, saved filters; on each provider.</summary>
public abstract class WorklistServiceTests : AppDatabaseTestBase
{
    /// <summary>30 studies: patients SMITH^A..; dates 2024-01-01..30; CT, MR, CR in turn; every 5th in STAT.</summary>
    private async Task SeedAsync()
    {
        var worklist = Get<WorklistService>();
        for (var i = 1; i <= 30; i++)
        {
            var modality = (i % 3) switch { 0 => "CT", 1 => "MR", _ => "CR\\SR" };
            var name = i <= 10 ? $"SMITH^A{i:00}" : $"jones^b{i:00}";
            var key = await AddStudyAsync($"1.2.826.0.2.{i}", name, $"P{i % 7}", $"202401{i:00}", modality, $"ACC{i:00}", i % 2 == 0 ? "Chest" : "Head");
            if (i % 5 == 0)
            {
                await worklist.SetPriorityAsync(key, ReadingPriority.Stat);
            }
            if (i % 4 == 0)
            {
                await worklist.AssignAsync(key, "radiologist");
            }
        }
    }

    private Task<WorklistPage> QueryAsync(WorklistFilter filter, WorklistSortField sort = WorklistSortField.StudyDate, bool descending = false,
        int offset = 0, int limit = 100, string user = "radiologist") =>
        Get<WorklistService>().QueryAsync(new WorklistPageRequest { Filter = filter, SortBy = sort, Descending = descending, Offset = offset, Limit = limit }, user);

    private async Task ExpectAsync(int[] expected, WorklistFilter filter) =>
        Assert.Equal(expected, Numbers(await QueryAsync(filter)));

    private static int[] Numbers(WorklistPage page) => page.Items.Select(i => int.Parse(i.StudyInstanceUid.Split('.')[^1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public async Task QueryAsync_SortedPages_CoverEveryRowOnceInOrderWithTotal()
    {
        await SeedAsync();

        var first = await QueryAsync(new WorklistFilter(), WorklistSortField.StudyDate, descending: true, offset: 0, limit: 12);
        var second = await QueryAsync(new WorklistFilter(), WorklistSortField.StudyDate, descending: true, offset: 12, limit: 12);
        var third = await QueryAsync(new WorklistFilter(), WorklistSortField.StudyDate, descending: true, offset: 24, limit: 12);

        Assert.Equal(30, first.TotalCount);
        Assert.Equal(Enumerable.Range(1, 30).Reverse().ToArray(), Numbers(first).Concat(Numbers(second)).Concat(Numbers(third)).ToArray());
        Assert.Equal(6, third.Items.Count);
        Assert.Equal(new DateOnly(2024, 1, 30), first.Items[0].StudyDate);
    }

    [Fact]
    public async Task QueryAsync_DefaultPriorityOrder_StatFirstThenNewest()
    {
        await SeedAsync();

        var page = await QueryAsync(new WorklistFilter(), WorklistSortField.Priority, limit: 8);

        Assert.Equal([30, 25, 20, 15, 10, 5, 29, 28], Numbers(page));
        Assert.Equal(ReadingPriority.Stat, page.Items[0].Priority);
        Assert.Equal(ReadingPriority.Routine, page.Items[6].Priority);
    }

    [Fact]
    public async Task QueryAsync_EachFilter_AppliedOnTheServer()
    {
        await SeedAsync();

        await ExpectAsync([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], new WorklistFilter { PatientName = "smith*" });
        await ExpectAsync([11], new WorklistFilter { PatientName = "JONES^B11" });
        await ExpectAsync([5, 12, 19, 26], new WorklistFilter { PatientId = "P5" });
        await ExpectAsync([7], new WorklistFilter { AccessionNumber = "ACC07" });
        await ExpectAsync([10, 11, 12, 13, 14, 15, 16, 17, 18, 19], new WorklistFilter { AccessionNumber = "ACC1?" });
        await ExpectAsync([3, 6, 9, 12, 15, 18, 21, 24, 27, 30], new WorklistFilter { Modality = "ct" });
        Assert.Equal(10, (await QueryAsync(new WorklistFilter { Modality = "SR" })).TotalCount);
        Assert.Equal(0, (await QueryAsync(new WorklistFilter { Modality = "C" })).TotalCount);
        await ExpectAsync([5, 6, 7], new WorklistFilter { StudyDateFrom = new(2024, 1, 5), StudyDateTo = new(2024, 1, 7) });
        Assert.Equal(15, (await QueryAsync(new WorklistFilter { StudyDescription = "CHEST" })).TotalCount);
        await ExpectAsync([5, 10, 15, 20, 25, 30], new WorklistFilter { Priorities = [ReadingPriority.Stat] });
        await ExpectAsync([4, 8, 12, 16, 20, 24, 28], new WorklistFilter { AssignedToMe = true });
        Assert.Equal(0, (await QueryAsync(new WorklistFilter { AssignedToMe = true }, user: "radiologist2")).TotalCount);
        Assert.Equal(23, (await QueryAsync(new WorklistFilter { Unassigned = true })).TotalCount);
        await ExpectAsync([20], new WorklistFilter { AssignedToMe = true, Priorities = [ReadingPriority.Stat], Modality = "CR" });
        // A literal % is not a wild card.
        Assert.Equal(0, (await QueryAsync(new WorklistFilter { PatientName = "%" })).TotalCount);
    }

    [Fact]
    public async Task QueryAsync_StatusFilter_FollowsClaimAndSignOff()
    {
        var a = await AddStudyAsync("1.2.826.0.3.1");
        await AddStudyAsync("1.2.826.0.3.2");
        await Get<StudyLockService>().ClaimAsync(a, "radiologist");

        Assert.Equal(["1.2.826.0.3.1"], (await QueryAsync(new WorklistFilter { Statuses = [ReadingStatus.InProgress] })).Items.Select(i => i.StudyInstanceUid));
        var unread = await QueryAsync(new WorklistFilter { Statuses = [ReadingStatus.Unread] });
        Assert.Equal(["1.2.826.0.3.2"], unread.Items.Select(i => i.StudyInstanceUid));
        Assert.Null(unread.Items[0].LockedBy);
        Assert.Equal("radiologist", (await QueryAsync(new WorklistFilter { Statuses = [ReadingStatus.InProgress] })).Items[0].LockedBy);
    }

    [Fact]
    public async Task QueryAsync_PageLargerThanAllowed_TypedError()
    {
        await Assert.ThrowsAsync<WorklistException>(() => QueryAsync(new WorklistFilter(), limit: 100_000));
        await Assert.ThrowsAsync<WorklistException>(() => QueryAsync(new WorklistFilter(), offset: -1));
    }

    [Fact]
    public async Task QueryAsync_PrefixWildcards_MatchExactlyTheKeysStartingWithThePrefix()
    {
        string[] names = ["MULLER^B", "MÜLLER^A", "MUM^C", "MU^D", "MT^E", "MV^F", "NU^G"];
        await using (var db = Get<PacsViewerDatabase>().CreateContext())
        {
            // Straight into the table (a dataset without Specific Character Set holds ASCII only); the keys follow.
            for (var i = 0; i < names.Length; i++)
            {
                db.WorklistEntries.Add(new WorklistEntry
                {
                    SourceName = Source, StudyInstanceUid = $"1.2.826.0.7.{i + 1}", PatientName = names[i], AccessionNumber = i % 2 == 0 ? $"AB{i}" : $"ab{i}",
                });
            }
            await db.SaveChangesAsync();
        }

        async Task<string[]> NamesAsync(WorklistFilter filter) =>
            (await QueryAsync(filter, WorklistSortField.PatientName)).Items.Select(i => i.PatientName!).ToArray();

        // The index range ("MU" <= key < "MV") plus the LIKE: neither MT, MV, NU nor the non-ASCII MÜ.
        Assert.Equal(["MULLER^B", "MUM^C", "MU^D"], await NamesAsync(new WorklistFilter { PatientName = "mu*" }));
        Assert.Equal(["MÜLLER^A"], await NamesAsync(new WorklistFilter { PatientName = "mü*" }));
        Assert.Equal(["MULLER^B"], await NamesAsync(new WorklistFilter { PatientName = "MU?LER*" }));
        Assert.Equal(["MULLER^B", "MUM^C", "MU^D", "NU^G"], await NamesAsync(new WorklistFilter { PatientName = "*U*^?" }));
        // Accession numbers match case-sensitively on both providers (PS3.4 C.2.2.2.4), with or without a wild card.
        Assert.Equal(["MT^E", "MULLER^B", "MUM^C", "NU^G"], await NamesAsync(new WorklistFilter { AccessionNumber = "AB*" }));
        Assert.Equal(["MÜLLER^A"], await NamesAsync(new WorklistFilter { AccessionNumber = "ab1" }));
    }

    [Fact]
    public async Task QueryAsync_DescendingSortWithTies_PagesCoverEveryRowOnceNewestIdFirst()
    {
        await SeedAsync();

        var pages = new List<int>();
        for (var offset = 0; offset < 30; offset += 7)
        {
            var page = await QueryAsync(new WorklistFilter(), WorklistSortField.Status, descending: true, offset: offset, limit: 7);
            Assert.Equal(30, page.TotalCount);
            pages.AddRange(Numbers(page));
        }

        // Every study is Unread: the tie-break (Id) runs the way of the sort.
        Assert.Equal(Enumerable.Range(1, 30).Reverse(), pages);
    }

    [Fact]
    public async Task GetPriorsAsync_SamePatientIdAcrossStudies_OthersNewestFirst()
    {
        var current = await AddStudyAsync("1.2.826.0.4.1", patientId: "PX", studyDate: "20240301");
        await AddStudyAsync("1.2.826.0.4.2", patientId: "PX", studyDate: "20230101");
        await AddStudyAsync("1.2.826.0.4.3", patientId: "PX", studyDate: "20231201");
        await AddStudyAsync("1.2.826.0.4.4", patientId: "PY", studyDate: "20231202");

        var priors = await Get<WorklistService>().GetPriorsAsync(current);

        Assert.Equal(["1.2.826.0.4.3", "1.2.826.0.4.2"], priors.Select(p => p.StudyInstanceUid));
    }

    [Fact]
    public async Task SearchPatientStudiesAsync_ByNameOrBirthDate_ListsStudiesWithFinalReportFlag()
    {
        var signed = await AddStudyAsync("1.2.826.0.5.1", "DOE^JANE", "PZ", "20240301", birthDate: "19800506");
        await AddStudyAsync("1.2.826.0.5.2", "DOE^JANE", "PZ", "20240201", birthDate: "19800506");
        await AddStudyAsync("1.2.826.0.5.3", "ROE^RICHARD", "PQ", "20240201", birthDate: "19800507");
        var reports = Get<ReportService>();
        var draft = await reports.OpenForEditingAsync(signed, Radiologist, new ReportContent("", "", "", "Fine.", "Normal."));
        await reports.SignAsync(draft.Id, draft.RowVersion, ReportStatus.Final, Password, Radiologist);

        var byName = await Get<WorklistService>().SearchPatientStudiesAsync(new PatientSearch("doe*", null, null));
        var byBirth = await Get<WorklistService>().SearchPatientStudiesAsync(new PatientSearch(null, null, new DateOnly(1980, 5, 7)));

        Assert.Equal([("1.2.826.0.5.1", true), ("1.2.826.0.5.2", false)], byName.Select(s => (s.Study.StudyInstanceUid, s.HasFinalReport)));
        Assert.Equal(["1.2.826.0.5.3"], byBirth.Select(s => s.Study.StudyInstanceUid));
        await Assert.ThrowsAsync<WorklistException>(() => Get<WorklistService>().SearchPatientStudiesAsync(new PatientSearch(" ", null, null)));
    }

    [Fact]
    public async Task SaveFilterAsync_PerUser_ReadBackReplacedAndDeleted()
    {
        var worklist = Get<WorklistService>();
        var filter = new WorklistFilter { Modality = "CT", Statuses = [ReadingStatus.Unread, ReadingStatus.InProgress], StudyDateFrom = new(2024, 2, 1), AssignedToMe = true };

        await worklist.SaveFilterAsync("radiologist", "My CT", filter);
        await worklist.SaveFilterAsync("radiologist", "Stat", new WorklistFilter { Priorities = [ReadingPriority.Stat] });
        await worklist.SaveFilterAsync("radiologist", "Stat", new WorklistFilter { Priorities = [ReadingPriority.Stat, ReadingPriority.Urgent] });
        var mine = await worklist.GetFiltersAsync("radiologist");
        var theirs = await worklist.GetFiltersAsync("radiologist2");

        Assert.Equal(["My CT", "Stat"], mine.Select(f => f.Name));
        Assert.Equal("CT", mine[0].Filter.Modality);
        Assert.Equal([ReadingStatus.Unread, ReadingStatus.InProgress], mine[0].Filter.Statuses);
        Assert.Equal(new DateOnly(2024, 2, 1), mine[0].Filter.StudyDateFrom);
        Assert.True(mine[0].Filter.AssignedToMe);
        Assert.Equal([ReadingPriority.Stat, ReadingPriority.Urgent], mine[1].Filter.Priorities);
        Assert.Empty(theirs);
        Assert.True(await worklist.DeleteFilterAsync("radiologist", "Stat"));
        Assert.Equal(["My CT"], (await worklist.GetFiltersAsync("radiologist")).Select(f => f.Name));
    }

    [Fact]
    public async Task UpsertAsync_NewStudyThenUpdate_PublishesArrivalOnceAndKeepsReadingState()
    {
        var changes = new List<WorklistChange>();
        Get<IWorklistNotifier>().Changed += (_, c) => changes.Add(c);

        var key = await AddStudyAsync("1.2.826.0.6.1", description: "FIRST");
        await Get<WorklistService>().SetPriorityAsync(key, ReadingPriority.Urgent);
        await AddStudyAsync("1.2.826.0.6.1", description: "SECOND");

        var item = await Get<WorklistService>().GetAsync(key);
        Assert.Equal("SECOND", item!.StudyDescription);
        Assert.Equal(ReadingPriority.Urgent, item.Priority);
        Assert.Equal(
            [new WorklistChange(WorklistChangeKind.StudyArrived, Source, "1.2.826.0.6.1"), new WorklistChange(WorklistChangeKind.StateChanged, Source, "1.2.826.0.6.1")],
            changes);
    }
}
