using PacsViewer.Core.Audit;
using PacsViewer.Core.Security;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Audit;

/// <summary>
/// The audit search on each provider over rows written by the real log at known clock times: each filter alone and
/// together, newest first, paging with the total, and the time range compared in the database (integers on SQLite).
/// </summary>
public abstract class AuditQueryServiceTests : AppDatabaseTestBase
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Eight events one minute apart from 08:00 (ids 1..8 in time order).</summary>
    private async Task SeedAsync()
    {
        var log = Get<IAuditLog>();
        AuditEntry[] entries =
        [
            new(AuditActions.Login) { UserName = "clinician", UserRoles = PacsRoles.Clinician, ClientAddress = "127.0.0.1" },
            new(AuditActions.PacsQuery) { UserName = "clinician", SourceName = "archive", PatientId = "P1", Detail = "PatientID=P1; 2 studies" },
            new(AuditActions.StudyOpened) { UserName = "clinician", SourceName = "archive", PatientId = "P1", StudyInstanceUid = "1.2.3" },
            new(AuditActions.AccessDenied, AuditOutcome.MinorFailure) { UserName = "clinician", SourceName = "pacs", PatientId = "P2", StudyInstanceUid = "1.2.4" },
            new(AuditActions.BreakGlass) { UserName = "clinician", SourceName = "pacs", PatientId = "P2", StudyInstanceUid = "1.2.4", Emergency = true },
            new(AuditActions.StudyOpened) { UserName = "clinician", SourceName = "pacs", PatientId = "P2", StudyInstanceUid = "1.2.4", Emergency = true },
            new(AuditActions.ReportSigned) { UserName = "radiologist", SourceName = "archive", PatientId = "P1", StudyInstanceUid = "1.2.3" },
            new(AuditActions.LoginFailed, AuditOutcome.MinorFailure) { UserName = "admin" },
        ];
        foreach (var entry in entries)
        {
            await log.RecordAsync(entry);
            Clock.Advance(TimeSpan.FromMinutes(1));
        }
    }

    private Task<AuditSearchResult> SearchAsync(AuditQuery query) => Get<AuditQueryService>().SearchAsync(query);

    private static long[] L(params long[] ids) => ids;

    private static long[] Ids(AuditSearchResult result) => result.Rows.Select(r => r.Id).ToArray();

    [Fact]
    public async Task SearchAsync_NoFilter_AllNewestFirstWithTotal()
    {
        await SeedAsync();

        var result = await SearchAsync(new AuditQuery());

        Assert.Equal(8, result.Total);
        Assert.Equal([8L, 7, 6, 5, 4, 3, 2, 1], Ids(result));
        Assert.Equal(Start.AddMinutes(7), result.Rows[0].OccurredAt);
    }

    [Fact]
    public async Task SearchAsync_TimeRange_FromInclusiveToExclusiveComparedInTheDatabase()
    {
        await SeedAsync();

        // 08:02 to 08:05 in another offset: events 3, 4 and 5 (08:02, 08:03, 08:04).
        var offset = TimeSpan.FromHours(2);
        var result = await SearchAsync(new AuditQuery { From = Start.AddMinutes(2).ToOffset(offset), To = Start.AddMinutes(5).ToOffset(offset) });

        Assert.Equal([5L, 4, 3], Ids(result));
        Assert.Equal(3, result.Total);
    }

    [Fact]
    public async Task SearchAsync_EachFilter_MatchesOnlyItsRows()
    {
        await SeedAsync();

        Assert.Equal(L(7), Ids(await SearchAsync(new AuditQuery { UserName = "radiologist" })));
        Assert.Equal(L(6, 3), Ids(await SearchAsync(new AuditQuery { Actions = [AuditActions.StudyOpened] })));
        Assert.Equal(L(8, 6, 3, 1), Ids(await SearchAsync(new AuditQuery { Actions = [AuditActions.StudyOpened, AuditActions.Login, AuditActions.LoginFailed] })));
        Assert.Equal(L(8, 4), Ids(await SearchAsync(new AuditQuery { Outcome = AuditOutcome.MinorFailure })));
        Assert.Equal(L(7, 3, 2), Ids(await SearchAsync(new AuditQuery { PatientId = "P1" })));
        Assert.Equal(L(6, 5, 4), Ids(await SearchAsync(new AuditQuery { StudyInstanceUid = " 1.2.4 " })));
        Assert.Equal(L(6, 5, 4), Ids(await SearchAsync(new AuditQuery { SourceName = "pacs" })));
        Assert.Equal(L(6, 5), Ids(await SearchAsync(new AuditQuery { EmergencyOnly = true })));
        Assert.Empty(Ids(await SearchAsync(new AuditQuery { UserName = "nobody" })));
    }

    [Fact]
    public async Task SearchAsync_FiltersCombined_AllMustMatch()
    {
        await SeedAsync();

        var result = await SearchAsync(new AuditQuery
        {
            UserName = "clinician", PatientId = "P2", Actions = [AuditActions.StudyOpened, AuditActions.AccessDenied], From = Start.AddMinutes(3),
        });

        Assert.Equal([6L, 4], Ids(result));
    }

    [Fact]
    public async Task SearchAsync_SecondPage_RowsFromOffsetAndTotalOfAll()
    {
        await SeedAsync();

        var result = await SearchAsync(new AuditQuery { Offset = 3, Limit = 3 });

        Assert.Equal([5L, 4, 3], Ids(result));
        Assert.Equal(8, result.Total);
    }

    [Fact]
    public async Task SearchAsync_SameInstant_TiesNewestIdFirst()
    {
        var log = Get<IAuditLog>();
        await log.RecordAsync(new AuditEntry(AuditActions.Login) { UserName = "a" });
        await log.RecordAsync(new AuditEntry(AuditActions.Login) { UserName = "b" });

        var result = await SearchAsync(new AuditQuery());

        Assert.Equal(["b", "a"], result.Rows.Select(r => r.UserName));
    }

    [Fact]
    public async Task SearchAsync_RangeEndingBeforeItStarts_ThrowsAuditQueryException()
    {
        var error = await Assert.ThrowsAsync<AuditQueryException>(() => SearchAsync(new AuditQuery { From = Start, To = Start.AddMinutes(-1) }));

        Assert.Equal("The time range ends before it starts", error.Message);
    }

    [Fact]
    public async Task StreamAsync_Filter_EveryMatchNewestFirstIgnoringPaging()
    {
        await SeedAsync();

        var ids = new List<long>();
        await foreach (var row in Get<AuditQueryService>().StreamAsync(new AuditQuery { SourceName = "archive", Limit = 1, Offset = 2 }))
        {
            ids.Add(row.Id);
        }

        Assert.Equal([7L, 3, 2], ids);
    }
}
