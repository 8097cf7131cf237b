using PacsViewer.Core.Reporting;
using PacsViewer.Core.Reporting.Export;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Reporting;

/// <summary><see cref="ReportService.GetSnapshotAsync"/>: which signed version each role may export; on each provider.</summary>
public abstract class ReportSnapshotTests : AppDatabaseTestBase
{
    private async Task<(StudyKey Study, Guid Id)> DraftAsync(string uid, string findings)
    {
        var study = await AddStudyAsync(uid);
        var reports = Get<ReportService>();
        var draft = await reports.OpenForEditingAsync(study, Radiologist);
        await reports.SaveAsync(draft.Id, draft.RowVersion, new ReportContent("Q.", "", "", findings, "Impression."), Radiologist);
        return (study, draft.Id);
    }

    private async Task<Guid> FinalAsync(string uid, params string[] addenda)
    {
        var (_, id) = await DraftAsync(uid, "Final findings.");
        var reports = Get<ReportService>();
        await reports.SignAsync(id, 2, ReportStatus.Final, Password, Radiologist);
        foreach (var text in addenda)
        {
            await reports.AddAddendumAsync(id, text, Password, Radiologist);
        }
        return id;
    }

    [Fact]
    public async Task GetSnapshotAsync_NoVersion_LatestWithEveryAddendumForEachRole()
    {
        var id = await FinalAsync("1.2.826.0.7.50", "First addendum.", "Second addendum.");
        var reports = Get<ReportService>();

        foreach (var user in new[] { Clinician, Radiologist, Admin })
        {
            var snapshot = await reports.GetSnapshotAsync(id, null, user);
            Assert.Equal((3, ReportSnapshotStatus.Amended), (snapshot.Version, snapshot.Status));
            Assert.Equal(["First addendum.", "Second addendum."], snapshot.Addenda.Select(a => a.Text));
        }
        var original = await reports.GetSnapshotAsync(id, 1, Clinician);
        Assert.Equal((1, ReportSnapshotStatus.Final), (original.Version, original.Status));
        Assert.Empty(original.Addenda);
        Assert.Contains(original.Sections, s => s.Text == "Final findings.");
        Assert.Equal("1.2.826.0.7.50", original.Study.StudyInstanceUid);
    }

    [Fact]
    public async Task GetSnapshotAsync_VersionNotSigned_NotFoundNamingTheRange()
    {
        var id = await FinalAsync("1.2.826.0.7.51", "Only addendum.");

        var e = await Assert.ThrowsAsync<ReportNotFoundException>(() => Get<ReportService>().GetSnapshotAsync(id, 3, Radiologist));

        Assert.Equal($"Report {id} has no signed version 3 (versions 1 to 2)", e.Message);
    }

    [Fact]
    public async Task GetSnapshotAsync_ClinicianAsksForDraft_NotFoundLikeAnUnknownId()
    {
        var (_, id) = await DraftAsync("1.2.826.0.7.52", "Draft findings.");
        var reports = Get<ReportService>();

        var draft = await Assert.ThrowsAsync<ReportNotFoundException>(() => reports.GetSnapshotAsync(id, null, Clinician));
        var unknown = await Assert.ThrowsAsync<ReportNotFoundException>(() => reports.GetSnapshotAsync(Guid.Empty, null, Clinician));

        Assert.Equal($"Report {id} not found", draft.Message);
        Assert.Equal($"Report {Guid.Empty} not found", unknown.Message);
    }

    [Fact]
    public async Task GetSnapshotAsync_RadiologistOrAdminAsksForDraft_StateErrorNeverASnapshot()
    {
        var (_, id) = await DraftAsync("1.2.826.0.7.53", "Draft findings.");
        var reports = Get<ReportService>();

        var radiologist = await Assert.ThrowsAsync<ReportStateException>(() => reports.GetSnapshotAsync(id, null, Radiologist));
        await Assert.ThrowsAsync<ReportStateException>(() => reports.GetSnapshotAsync(id, null, Admin));

        Assert.Equal($"Report {id} is Draft; only Final reports are exported", radiologist.Message);
    }

    [Fact]
    public async Task GetSnapshotAsync_NoReadingRole_NotFound()
    {
        var id = await FinalAsync("1.2.826.0.7.54");

        await Assert.ThrowsAsync<ReportNotFoundException>(() => Get<ReportService>().GetSnapshotAsync(id, null, User("guest", "Guest")));
        await Assert.ThrowsAsync<ReportNotFoundException>(() => Get<ReportService>().GetSnapshotAsync(id, null, new System.Security.Claims.ClaimsPrincipal()));
    }
}
