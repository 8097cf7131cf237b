using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Storage;

namespace PacsViewer.Tests.Core.Storage;

/// <summary>
/// Retention with <c>Storage:Retention:ProtectUnreported=false</c>: an unread study may go, so a report started between
/// the dry run and the apply must still protect it (the check inside the archive's delete).
/// </summary>
public abstract class RetentionUnreportedTests : StorageTestBase
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Storage:Retention:ProtectUnreported", "false")];

    [Fact]
    public async Task ApplyAsync_ReportStartedAfterDryRun_NotDeleted()
    {
        await StoreStudyAsync("2.25.3001", "CT", "20190101");
        await SyncWorklistAsync();
        await RuleAsync("all after 30 days", null, 30);
        var plan = await Get<RetentionService>().DryRunAsync();
        Assert.Equal(["2.25.3001"], plan.WouldDelete.Select(c => c.StudyInstanceUid));

        await ReportAsync("2.25.3001", ReportStatus.Draft); // a radiologist starts reading it meanwhile
        var result = await Get<RetentionService>().ApplyAsync(plan, Admin);

        Assert.Empty(result.Deleted);
        Assert.Equal(("2.25.3001", "unsigned report (draft)"), (result.Skipped[0].StudyInstanceUid, result.Skipped[0].Protection));
        Assert.True(await InArchiveAsync("2.25.3001"));
        Assert.Equal(2, (await FilesOfAsync("2.25.3001")).Count(File.Exists));
    }

    [Fact]
    public async Task ApplyAsync_UnreportedStudy_DeletedWithItsWorklistEntry()
    {
        await StoreStudyAsync("2.25.3002", "CT", "20190101");
        await StoreStudyAsync("2.25.3003", "CT", "20261120");
        await SyncWorklistAsync();
        await RuleAsync("all after 30 days", null, 30);

        var result = await Get<RetentionService>().ApplyAsync(await Get<RetentionService>().DryRunAsync(), null);

        Assert.Equal(["2.25.3002"], result.Deleted.Select(c => c.StudyInstanceUid));
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        Assert.Equal(["2.25.3003"], await db.WorklistEntries.Select(e => e.StudyInstanceUid).ToListAsync());
        var audit = await db.AuditEvents.SingleAsync(e => e.Action == PacsViewer.Core.Audit.AuditActions.StudyDeleted);
        Assert.Equal(RetentionService.SystemUser, audit.UserName);
    }
}
