using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Security;
using PacsViewer.Core.Storage;

namespace PacsViewer.Tests.Core.Storage;

/// <summary>
/// Retention's dry run, apply and holds over a seeded archive (the clock is 2026-11-29; a CT rule of 365 days by study
/// date); on each provider.
/// </summary>
public abstract class RetentionServiceTests : StorageTestBase
{
    private const string FinalOld = "2.25.1001";
    private const string DraftOld = "2.25.1002";
    private const string PreliminaryOld = "2.25.1003";
    private const string HeldOld = "2.25.1004";
    private const string UnreportedOld = "2.25.1005";
    private const string FinalYoung = "2.25.1006";
    private const string FinalOldMr = "2.25.1007";

    private RetentionService Retention => Get<RetentionService>();

    /// <summary>Seven studies: five old CTs (Final, draft, preliminary, Final under a hold, never reported), a young CT, an old MR.</summary>
    private async Task<Dictionary<string, long>> SeedAsync()
    {
        var sizes = new Dictionary<string, long>
        {
            [FinalOld] = await StoreStudyAsync(FinalOld, "CT", "20200105", instances: 3, patientName: "SYNTH^FINAL", patientId: "SYN-F"),
            [DraftOld] = await StoreStudyAsync(DraftOld, "CT", "20200106"),
            [PreliminaryOld] = await StoreStudyAsync(PreliminaryOld, "CT", "20200107"),
            [HeldOld] = await StoreStudyAsync(HeldOld, "CT", "20200108"),
            [UnreportedOld] = await StoreStudyAsync(UnreportedOld, "CT", "20200109"),
            [FinalYoung] = await StoreStudyAsync(FinalYoung, "CT", "20260601"),
            [FinalOldMr] = await StoreStudyAsync(FinalOldMr, "MR", "20200110"),
        };
        await SyncWorklistAsync();
        await ReportAsync(FinalOld, ReportStatus.Final);
        await ReportAsync(DraftOld, ReportStatus.Draft);
        await ReportAsync(PreliminaryOld, ReportStatus.Preliminary);
        await ReportAsync(HeldOld, ReportStatus.Final);
        await ReportAsync(FinalYoung, ReportStatus.Final);
        await ReportAsync(FinalOldMr, ReportStatus.Final);
        await Get<StudyHoldService>().PlaceAsync(HeldOld, "legal case 42", Admin);
        await RuleAsync("CT after a year", "CT", 365);
        return sizes;
    }

    [Fact]
    public async Task DryRunAsync_MixedStudies_ListsOldFinalAndProtectsUnsignedHeldAndUnreportedWithReasons()
    {
        var sizes = await SeedAsync();
        var filesBefore = ArchiveFiles();

        var plan = await Retention.DryRunAsync();

        var wouldDelete = Assert.Single(plan.WouldDelete);
        Assert.Equal((FinalOld, "SYNTH^FINAL", "SYN-F", "CT", "20200105", 3L, sizes[FinalOld], "CT after a year"),
            (wouldDelete.StudyInstanceUid, wouldDelete.PatientName, wouldDelete.PatientId, wouldDelete.Modalities, wouldDelete.StudyDate,
             wouldDelete.Objects, wouldDelete.Bytes, wouldDelete.RuleName));
        Assert.Equal(
            [
                (DraftOld, "unsigned report (draft)"),
                (PreliminaryOld, "unsigned report (preliminary)"),
                (HeldOld, "hold: legal case 42"),
                (UnreportedOld, "not reported yet (no Final report)"),
            ],
            plan.Protected.Select(c => (c.StudyInstanceUid, c.Protection!)));
        Assert.DoesNotContain(plan.Candidates, c => c.StudyInstanceUid is FinalYoung or FinalOldMr);
        Assert.Equal(filesBefore, ArchiveFiles()); // a dry run deletes nothing
    }

    [Fact]
    public async Task ApplyAsync_DryRunList_DeletesExactlyThoseFilesAndRowsAndKeepsTheFinalReport()
    {
        await SeedAsync();
        var plan = await Retention.DryRunAsync();
        var doomedFiles = await FilesOfAsync(FinalOld);
        var otherFiles = ArchiveFiles().Except(doomedFiles).ToArray();

        var result = await Retention.ApplyAsync(plan, Admin);

        Assert.Equal([FinalOld], result.Deleted.Select(c => c.StudyInstanceUid));
        Assert.Empty(result.Skipped);
        Assert.Equal(3, doomedFiles.Length);
        Assert.All(doomedFiles, f => Assert.False(File.Exists(f)));
        Assert.Equal(otherFiles, ArchiveFiles());
        Assert.False(await InArchiveAsync(FinalOld));
        foreach (var kept in new[] { DraftOld, PreliminaryOld, HeldOld, UnreportedOld, FinalYoung, FinalOldMr })
        {
            Assert.True(await InArchiveAsync(kept), kept);
        }
        await using (var adb = Get<ArchiveDatabase>().CreateContext())
        {
            Assert.Equal(0, await adb.Instances.CountAsync(i => i.SopInstanceUid.StartsWith(FinalOld + ".")));
            Assert.Equal(0, await adb.Series.CountAsync(s => s.SeriesInstanceUid == FinalOld + ".1"));
        }
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        var report = await db.Reports.Include(r => r.WorklistEntry).SingleAsync(r => r.WorklistEntry!.StudyInstanceUid == FinalOld);
        Assert.Equal(ReportStatus.Final, report.Status); // the signed report stays
        var audit = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Action == AuditActions.StudyDeleted);
        Assert.Equal((FinalOld, "SYN-F", "admin", AuditObjectTypes.RetentionRule, plan.WouldDelete[0].RuleId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (audit.StudyInstanceUid, audit.PatientId, audit.UserName, audit.ObjectType, audit.ObjectId));
        Assert.Equal($"retention rule \"CT after a year\": 3 objects, {plan.WouldDelete[0].Bytes} bytes deleted", audit.Detail);
    }

    [Fact]
    public async Task ApplyAsync_HoldPlacedAfterDryRun_StudyKeptWithTheHoldAsReason()
    {
        await SeedAsync();
        var plan = await Retention.DryRunAsync();
        await Get<StudyHoldService>().PlaceAsync(FinalOld, "teaching file", Admin);

        var result = await Retention.ApplyAsync(plan, Admin);

        Assert.Empty(result.Deleted);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal((FinalOld, "hold: teaching file"), (skipped.StudyInstanceUid, skipped.Protection));
        Assert.True(await InArchiveAsync(FinalOld));
        Assert.All(await FilesOfAsync(FinalOld), f => Assert.True(File.Exists(f)));
    }

    [Fact]
    public async Task DryRunAsync_HoldReleased_ListedAgain()
    {
        await SeedAsync();
        var holds = Get<StudyHoldService>();
        var hold = Assert.Single(await holds.ListActiveAsync());

        await holds.ReleaseAsync(hold.Id, Admin);
        var plan = await Retention.DryRunAsync();

        Assert.Equal([FinalOld, HeldOld], plan.WouldDelete.Select(c => c.StudyInstanceUid));
        Assert.Empty(await holds.ListActiveAsync());
        var history = Assert.Single(await holds.HistoryAsync(HeldOld));
        Assert.Equal(("admin", "legal case 42"), (history.ReleasedBy, history.Reason));
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        Assert.Equal(["hold placed: legal case 42", "hold released (was: legal case 42)"],
            await db.AuditEvents.Where(e => e.ObjectType == AuditObjectTypes.StudyHold).OrderBy(e => e.Id).Select(e => e.Detail!).ToListAsync());
    }

    [Fact]
    public async Task DryRunAsync_ReceivedAtRule_JudgesByReceiveTimeNotStudyDate()
    {
        await StoreStudyAsync("2.25.2001", "CT", "20260101");
        await StoreStudyAsync("2.25.2002", "CT", "20100101");
        await SyncWorklistAsync();
        await ReportAsync("2.25.2001", ReportStatus.Final);
        await ReportAsync("2.25.2002", ReportStatus.Final);
        await using (var adb = Get<ArchiveDatabase>().CreateContext())
        {
            // The 2026 study came in 100 days ago; the 2010 one (a prior imported yesterday) is new to the archive.
            var old = Clock.GetUtcNow().AddDays(-100);
            await adb.Studies.Where(s => s.StudyInstanceUid == "2.25.2001").ExecuteUpdateAsync(u => u.SetProperty(s => s.ReceivedAt, old));
            var recent = Clock.GetUtcNow().AddDays(-1);
            await adb.Studies.Where(s => s.StudyInstanceUid == "2.25.2002").ExecuteUpdateAsync(u => u.SetProperty(s => s.ReceivedAt, recent));
        }
        await RuleAsync("anything received 90 days ago", null, 90, RetentionAgeBasis.ReceivedAt);

        var plan = await Retention.DryRunAsync();

        Assert.Equal(["2.25.2001"], plan.WouldDelete.Select(c => c.StudyInstanceUid));
        Assert.Empty(plan.Protected);
    }

    [Fact]
    public async Task SaveRuleAsync_StaleVersion_ConflictAndFirstChangeKept()
    {
        var rule = await RuleAsync("MR after two years", "mr", 730);
        var first = RetentionRuleEdit.From(rule);
        var second = RetentionRuleEdit.From(rule);
        first.MinAgeDays = 1000;
        await Retention.SaveRuleAsync(first, Admin);
        second.Enabled = false;

        await Assert.ThrowsAsync<StorageConflictException>(() => Retention.SaveRuleAsync(second, Admin));

        var stored = Assert.Single(await Retention.ListRulesAsync());
        Assert.Equal(("MR", 1000, true), (stored.Modality, stored.MinAgeDays, stored.Enabled));
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        Assert.Equal(
            [
                "rule \"MR after two years\" created: MR studies older than 730 days by study date, enabled",
                "rule \"MR after two years\" changed from \"MR studies older than 730 days by study date, enabled\": MR studies older than 1000 days by study date, enabled",
            ],
            await db.AuditEvents.Where(e => e.Action == AuditActions.ConfigurationChanged && e.ObjectType == AuditObjectTypes.RetentionRule)
                .OrderBy(e => e.Id).Select(e => e.Detail!).ToListAsync());
    }

    [Theory]
    [InlineData(PacsRoles.Radiologist)]
    [InlineData(PacsRoles.Clinician)]
    public async Task SaveRuleAsync_NotAdmin_RefusedAndNothingStored(string role)
    {
        var e = await Assert.ThrowsAsync<StorageException>(() => Retention.SaveRuleAsync(new RetentionRuleEdit { Name = "sneaky", MinAgeDays = 1, Enabled = true },
            User("someone", role)));

        Assert.Equal("Only an admin can manage storage, retention and holds.", e.Message);
        Assert.Empty(await Retention.ListRulesAsync());
        await Assert.ThrowsAsync<StorageException>(() => Get<StudyHoldService>().PlaceAsync("2.25.1", "x", User("someone", role)));
    }

    [Theory]
    [InlineData("", "CT", 10, "A retention rule needs a name of 1 to 128 characters.")]
    [InlineData("bad modality", "C T", 10, "\"C T\" is not a modality (letters, digits and _ only, 16 at most, e.g. CT).")]
    [InlineData("zero days", null, 0, "A retention rule's minimum age must be between 1 and 73000 days.")]
    public async Task SaveRuleAsync_InvalidRule_ClearError(string name, string? modality, int days, string message)
    {
        var e = await Assert.ThrowsAsync<StorageException>(() => Retention.SaveRuleAsync(
            new RetentionRuleEdit { Name = name, Modality = modality, MinAgeDays = days, Enabled = true }, Admin));

        Assert.Equal(message, e.Message);
    }
}
