using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Data;

/// <summary>The app database itself: migrations, Identity, the SaveChanges guard; on each provider.</summary>
public abstract class AppDatabaseTests : AppDatabaseTestBase
{
    [Fact]
    public async Task MigrateAsync_EmptyDatabase_CreatesSchemaInItsOwnHistoryTableWithRolesAndDemoUsers()
    {
        await using var db = Get<PacsViewerDatabase>().CreateContext();

        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.Equal(["InitialPacsViewer", "WorklistPageIndexes", "AccessAndAudit", "Distribution"], applied.Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(["Admin", "Clinician", "Radiologist"], await db.Roles.Select(r => r.Name!).OrderBy(n => n).ToListAsync());
        Assert.Equal(["admin", "clinician", "radiologist", "radiologist2"], await db.Users.Select(u => u.UserName!).OrderBy(n => n).ToListAsync());
        var radiologistRoles = await (from u in db.Users
                                      join ur in db.UserRoles on u.Id equals ur.UserId
                                      join r in db.Roles on ur.RoleId equals r.Id
                                      where u.UserName == "radiologist2"
                                      select r.Name).ToListAsync();
        Assert.Equal([PacsRoles.Radiologist], radiologistRoles);
        Assert.Equal(0, await db.WorklistEntries.CountAsync());

        // Migrating again changes nothing (start-up runs it every time).
        await Get<PacsViewerDatabase>().MigrateAsync();
        Assert.Equal(applied, await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task HasPendingModelChanges_ModelAgainstItsLatestMigration_None()
    {
        await using var db = Get<PacsViewerDatabase>().CreateContext();

        // The provider's model snapshot matches the model: no change waits for a migration (dotnet ef migrations add).
        Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name} has model changes without a migration");
    }

    [Fact]
    public async Task SaveChanges_WorklistEntryAddedThenRenamed_KeysFollowTheValues()
    {
        var database = Get<PacsViewerDatabase>();
        long id;
        await using (var db = database.CreateContext())
        {
            var row = new WorklistEntry
            {
                SourceName = Source, StudyInstanceUid = "1.2.826.0.9.1", PatientName = "Müller^Anna", StudyDescription = "Chest pa",
                Modalities = "CT\\SR",
            };
            db.WorklistEntries.Add(row);
            await db.SaveChangesAsync();
            id = row.Id;
        }
        await using (var db = database.CreateContext())
        {
            var row = await db.WorklistEntries.SingleAsync(e => e.Id == id);
            Assert.Equal(("MÜLLER^ANNA", "CHEST PA", "|CT|SR|"), (row.PatientNameKey, row.StudyDescriptionKey, row.ModalitiesKey));
            row.PatientName = "Doe^Jane";
            row.StudyDescription = null;
            row.Modalities = "MR";
            await db.SaveChangesAsync();
        }
        await using (var db = database.CreateContext())
        {
            var row = await db.WorklistEntries.AsNoTracking().SingleAsync(e => e.Id == id);
            Assert.Equal(("DOE^JANE", null, "|MR|"), (row.PatientNameKey, row.StudyDescriptionKey, row.ModalitiesKey));
        }
        var page = await Get<WorklistService>().QueryAsync(new WorklistPageRequest { Filter = new WorklistFilter { PatientName = "doe*", Modality = "mr" } }, null);
        Assert.Equal([id], page.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task SeedDemoUsersAsync_SecondRun_CreatesNobodyAndKeepsPasswords()
    {
        var created = await Get<IdentitySeeder>().SeedDemoUsersAsync("Another-Password-2");

        Assert.Empty(created);
        Assert.True(await Get<ISignatureVerifier>().VerifyAsync("radiologist", Password));
        Assert.False(await Get<ISignatureVerifier>().VerifyAsync("radiologist", "Another-Password-2"));
    }

    [Fact]
    public async Task VerifyAsync_PasswordChecks_OnlyTheRightPasswordOfAnUnlockedUser()
    {
        var verifier = Get<ISignatureVerifier>();

        Assert.True(await verifier.VerifyAsync("radiologist", Password));
        Assert.True(await verifier.VerifyAsync("RADIOLOGIST", Password));
        Assert.False(await verifier.VerifyAsync("radiologist", Password + "x"));
        Assert.False(await verifier.VerifyAsync("nobody", Password));
        Assert.False(await verifier.VerifyAsync("radiologist", ""));

        await using (var db = Get<PacsViewerDatabase>().CreateContext())
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "radiologist");
            user.LockoutEnd = Clock.GetUtcNow().AddMinutes(5);
            await db.SaveChangesAsync();
        }
        Assert.False(await verifier.VerifyAsync("radiologist", Password));
    }

    [Fact]
    public async Task SaveChanges_FinalReportOrHistoryRowChangedDirectly_RefusedByTheGuard()
    {
        var study = await AddStudyAsync("1.2.826.0.1.1");
        var reports = Get<ReportService>();
        var draft = await reports.OpenForEditingAsync(study, Radiologist);
        var v2 = await reports.SaveAsync(draft.Id, draft.RowVersion, new ReportContent("", "", "", "Normal.", "No acute finding."), Radiologist);
        await reports.SignAsync(draft.Id, v2, ReportStatus.Final, Password, Radiologist);

        await using (var db = Get<PacsViewerDatabase>().CreateContext())
        {
            var report = await db.Reports.SingleAsync();
            report.Findings = "changed behind the service's back";
            var e = await Assert.ThrowsAsync<ReportImmutableException>(() => db.SaveChangesAsync());
            Assert.Equal(report.Id, e.ReportId);
        }
        await using (var db = Get<PacsViewerDatabase>().CreateContext())
        {
            db.Reports.Remove(await db.Reports.SingleAsync());
            await Assert.ThrowsAsync<ReportImmutableException>(() => db.SaveChangesAsync());
        }
        await using (var db = Get<PacsViewerDatabase>().CreateContext())
        {
            var version = await db.ReportVersions.OrderBy(v => v.Id).FirstAsync();
            version.Findings = "rewritten history";
            await Assert.ThrowsAsync<ReportImmutableException>(() => db.SaveChangesAsync());
        }
        await using (var db = Get<PacsViewerDatabase>().CreateContext())
        {
            var report = await db.Reports.AsNoTracking().SingleAsync();
            Assert.Equal("Normal.", report.Findings);
            Assert.Equal(ReportStatus.Final, report.Status);
            Assert.Equal(3, await db.ReportVersions.CountAsync());
        }
    }
}
