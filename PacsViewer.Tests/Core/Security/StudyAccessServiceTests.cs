using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Security;

/// <summary><see cref="StudyAccessService"/>: who sees which study, break-glass grants and their audit; on SQLite.</summary>
public sealed class StudyAccessServiceTests : AppDatabaseTestBase
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private StudyAccessService Access => Get<StudyAccessService>();

    private async Task<StudyKey> WithReportAsync(string uid, ReportStatus status)
    {
        var study = await AddStudyAsync(uid);
        var reports = Get<ReportService>();
        var draft = await reports.OpenForEditingAsync(study, Radiologist);
        await reports.SaveAsync(draft.Id, draft.RowVersion, new ReportContent("Q.", "", "", "Findings.", "Impression."), Radiologist);
        if (status != ReportStatus.Draft)
        {
            await reports.SignAsync(draft.Id, 2, status, Password, Radiologist);
        }
        return study;
    }

    private async Task<List<AuditEvent>> AuditAsync(string action)
    {
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        return await db.AuditEvents.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task DecideAsync_RadiologistAndAdmin_EveryStudyByRole()
    {
        var study = await AddStudyAsync("1.2.826.0.9.1");

        var radiologist = await Access.DecideAsync(Radiologist, study.SourceName, study.StudyInstanceUid);
        var admin = await Access.DecideAsync(Admin, study.SourceName, "1.2.826.0.9.404");

        Assert.Equal((StudyAccessKind.Role, true, false), (radiologist.Kind, radiologist.Allowed, radiologist.Emergency));
        Assert.Equal(StudyAccessKind.Role, admin.Kind);
    }

    [Theory]
    [InlineData(ReportStatus.Draft, StudyAccessKind.Denied)]
    [InlineData(ReportStatus.Preliminary, StudyAccessKind.Denied)]
    [InlineData(ReportStatus.Final, StudyAccessKind.FinalReport)]
    public async Task DecideAsync_ClinicianByReportStatus_OnlyFinalReportOpens(ReportStatus status, StudyAccessKind expected)
    {
        var study = await WithReportAsync("1.2.826.0.9.2", status);

        var decision = await Access.DecideAsync(Clinician, study.SourceName, study.StudyInstanceUid);

        Assert.Equal((expected, true), (decision.Kind, decision.CanBreakGlass));
    }

    [Fact]
    public async Task DecideAsync_NoRoleOrSignedOut_DeniedWithoutBreakGlass()
    {
        var study = await WithReportAsync("1.2.826.0.9.3", ReportStatus.Final);
        var noRole = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "nobody")], "test"));

        var none = await Access.DecideAsync(noRole, study.SourceName, study.StudyInstanceUid);
        var anonymous = await Access.DecideAsync(new ClaimsPrincipal(new ClaimsIdentity()), study.SourceName, study.StudyInstanceUid);

        Assert.Equal((StudyAccessKind.Denied, false), (none.Kind, none.CanBreakGlass));
        Assert.Equal((StudyAccessKind.Denied, false), (anonymous.Kind, anonymous.CanBreakGlass));
    }

    [Fact]
    public async Task BreakGlassAsync_ClinicianWithReason_GrantsForAnHourAuditedAsEmergency()
    {
        var study = await AddStudyAsync("1.2.826.0.9.4");
        var now = Clock.GetUtcNow();

        var grant = await Access.BreakGlassAsync(Clinician, study.SourceName, study.StudyInstanceUid, "  Patient collapsed on the ward  ", "127.0.0.9");
        var during = await Access.DecideAsync(Clinician, study.SourceName, study.StudyInstanceUid);
        var otherClinician = await Access.DecideAsync(User("clinician2", PacsRoles.Clinician), study.SourceName, study.StudyInstanceUid);

        Assert.Equal((now.AddHours(1), "Patient collapsed on the ward", "clinician"), (grant.ExpiresAt, grant.Reason, grant.UserName));
        Assert.Equal((StudyAccessKind.BreakGlass, true, now.AddHours(1)), (during.Kind, during.Emergency, during.ExpiresAt));
        Assert.Equal(StudyAccessKind.Denied, otherClinician.Kind);
        var audit = Assert.Single(await AuditAsync(AuditActions.BreakGlass));
        Assert.Equal(("clinician", "Clinician", "127.0.0.9", study.StudyInstanceUid, "archive"),
            (audit.UserName, audit.UserRoles, audit.ClientAddress, audit.StudyInstanceUid, audit.SourceName));
        Assert.Equal((true, "Patient collapsed on the ward", AuditOutcome.Success), (audit.Emergency, audit.Detail, audit.Outcome));
    }

    [Fact]
    public async Task BreakGlassAsync_GrantExpired_DeniedAgainAndANewGrantIsANewRow()
    {
        var study = await AddStudyAsync("1.2.826.0.9.5");
        await Access.BreakGlassAsync(Clinician, study.SourceName, study.StudyInstanceUid, "Emergency admission, no report yet");

        Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var after = await Access.DecideAsync(Clinician, study.SourceName, study.StudyInstanceUid);
        await Access.BreakGlassAsync(Clinician, study.SourceName, study.StudyInstanceUid, "Second emergency review tonight");
        var again = await Access.DecideAsync(Clinician, study.SourceName, study.StudyInstanceUid);

        Assert.Equal(StudyAccessKind.Denied, after.Kind);
        Assert.Equal(StudyAccessKind.BreakGlass, again.Kind);
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        Assert.Equal(2, await db.BreakGlassGrants.CountAsync(g => g.StudyInstanceUid == study.StudyInstanceUid));
        Assert.Equal(2, (await AuditAsync(AuditActions.BreakGlass)).Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("urgent")]
    public async Task BreakGlassAsync_BlankOrShortReason_RefusedWithNothingRecorded(string? reason)
    {
        var study = await AddStudyAsync("1.2.826.0.9.6");

        var e = await Assert.ThrowsAsync<StudyAccessException>(() => Access.BreakGlassAsync(Clinician, study.SourceName, study.StudyInstanceUid, reason));

        Assert.Contains($"at least {StudyAccessOptions.MinimumReasonLength} characters", e.Message, StringComparison.Ordinal);
        Assert.Empty(await AuditAsync(AuditActions.BreakGlass));
        Assert.Equal(StudyAccessKind.Denied, (await Access.DecideAsync(Clinician, study.SourceName, study.StudyInstanceUid)).Kind);
    }

    [Fact]
    public async Task BreakGlassAsync_Radiologist_RefusedAsNotAClinician()
    {
        var e = await Assert.ThrowsAsync<StudyAccessException>(() =>
            Access.BreakGlassAsync(Radiologist, "archive", "1.2.826.0.9.7", "A long enough reason here"));

        Assert.Contains("Only clinicians", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_ReportSignedFinalAfterACheck_CachedRefusalUntilTheCacheExpires()
    {
        var study = await AddStudyAsync("1.2.826.0.9.8");
        var reports = Get<ReportService>();
        var draft = await reports.OpenForEditingAsync(study, Radiologist);
        await reports.SaveAsync(draft.Id, draft.RowVersion, new ReportContent("Q.", "", "", "F.", "I."), Radiologist);

        var before = await Access.CheckAsync(Clinician, study.SourceName, study.StudyInstanceUid);
        await reports.SignAsync(draft.Id, 2, ReportStatus.Final, Password, Radiologist);
        var cached = await Access.CheckAsync(Clinician, study.SourceName, study.StudyInstanceUid);
        Clock.Advance(Access.Options.DecisionCacheDuration + TimeSpan.FromMilliseconds(1));
        var fresh = await Access.CheckAsync(Clinician, study.SourceName, study.StudyInstanceUid);

        Assert.Equal((StudyAccessKind.Denied, StudyAccessKind.Denied, StudyAccessKind.FinalReport), (before.Kind, cached.Kind, fresh.Kind));
    }

    [Fact]
    public async Task CheckAsync_AfterBreakGlass_NotTheCachedRefusal()
    {
        var study = await AddStudyAsync("1.2.826.0.9.9");

        var before = await Access.CheckAsync(Clinician, study.SourceName, study.StudyInstanceUid);
        await Access.BreakGlassAsync(Clinician, study.SourceName, study.StudyInstanceUid, "Trauma call from emergency");
        var after = await Access.CheckAsync(Clinician, study.SourceName, study.StudyInstanceUid);

        Assert.Equal((StudyAccessKind.Denied, StudyAccessKind.BreakGlass), (before.Kind, after.Kind));
    }

    [Fact]
    public void ShouldRecord_RepeatedWithinTheInterval_OnlyFirstThenAgainAfterIt()
    {
        var first = Access.ShouldRecord(AuditActions.AccessDenied, Clinician, "archive", "1.2.3");
        var repeated = Access.ShouldRecord(AuditActions.AccessDenied, Clinician, "archive", "1.2.3");
        var otherStudy = Access.ShouldRecord(AuditActions.AccessDenied, Clinician, "archive", "1.2.4");
        var otherKind = Access.ShouldRecord(AuditActions.StudyOpened, Clinician, "archive", "1.2.3");
        Clock.Advance(Access.Options.RepeatAuditInterval);
        var later = Access.ShouldRecord(AuditActions.AccessDenied, Clinician, "archive", "1.2.3");

        Assert.Equal((true, false, true, true, true), (first, repeated, otherStudy, otherKind, later));
    }
}
