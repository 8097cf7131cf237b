using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Audit;

/// <summary>The audit trail's table on each provider: what is written, and that nothing written can be changed or removed.</summary>
public abstract class DatabaseAuditLogTests : AppDatabaseTestBase
{
    [Fact]
    public async Task RecordAsync_Entry_WritesRowWithClockTimeAndFieldsCutToTheirColumns()
    {
        var log = Get<IAuditLog>();

        var row = await log.RecordAsync(new AuditEntry(AuditActions.StudyOpened)
        {
            UserName = "clinician", UserRoles = PacsRoles.Clinician, ClientAddress = "127.0.0.1", SourceName = Source,
            StudyInstanceUid = "1.2.3", PatientId = "P1", PatientName = "DOE^JANE", Detail = new string('x', 5000), Emergency = true,
        });

        await using var db = Get<PacsViewerDatabase>().CreateContext();
        var stored = await db.AuditEvents.AsNoTracking().SingleAsync();
        Assert.Equal(row.Id, stored.Id);
        Assert.Equal((AuditActions.StudyOpened, AuditOutcome.Success, "clinician", "1.2.3", "P1", "DOE^JANE", true),
            (stored.Action, stored.Outcome, stored.UserName, stored.StudyInstanceUid, stored.PatientId, stored.PatientName, stored.Emergency));
        Assert.Equal(Clock.GetUtcNow(), stored.OccurredAt);
        Assert.Equal(AuditColumns.DetailLength, stored.Detail!.Length);
    }

    [Fact]
    public async Task SaveChanges_AuditEventChangedOrDeleted_Refused()
    {
        var row = await Get<IAuditLog>().RecordAsync(new AuditEntry(AuditActions.Login) { UserName = "admin" });

        await using var db = Get<PacsViewerDatabase>().CreateContext();
        var stored = await db.AuditEvents.SingleAsync(e => e.Id == row.Id);
        stored.UserName = "someone else";
        await Assert.ThrowsAsync<AuditLogAppendOnlyException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.AuditEvents.Remove(stored);
        await Assert.ThrowsAsync<AuditLogAppendOnlyException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task RawSql_UpdateOrDeleteOfAuditEventOrGrant_RefusedByTheDatabase()
    {
        await Get<IAuditLog>().RecordAsync(new AuditEntry(AuditActions.Login) { UserName = "admin" });
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        db.BreakGlassGrants.Add(new BreakGlassGrant
        {
            UserName = "clinician", SourceName = Source, StudyInstanceUid = "1.2.3", Reason = "emergency", GrantedAt = Clock.GetUtcNow(),
            ExpiresAt = Clock.GetUtcNow().AddHours(1),
        });
        await db.SaveChangesAsync();

        // Behind the context's guard, the triggers refuse any client's change (a statement that gets past EF).
        foreach (var sql in new[]
        {
            "UPDATE \"AuditEvents\" SET \"UserName\" = 'x'",
            "DELETE FROM \"AuditEvents\"",
            "UPDATE \"BreakGlassGrants\" SET \"Reason\" = 'x'",
            "DELETE FROM \"BreakGlassGrants\"",
        })
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(sql));
            Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.UserName == "admin"));
        Assert.Equal(1, await db.BreakGlassGrants.CountAsync(g => g.Reason == "emergency"));
    }
}
