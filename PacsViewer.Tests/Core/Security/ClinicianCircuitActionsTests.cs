using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Security;

/// <summary>
/// What a clinician's circuit could ask of the services directly, bypassing the pages: claiming a study through the
/// report service, drafting, saving, signing and amending are all refused on the server, and nothing changes.
/// </summary>
public sealed class ClinicianCircuitActionsTests : AppDatabaseTestBase
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    [Fact]
    public async Task ReportService_ClinicianEachWriteAction_AccessDeniedAndNothingChanged()
    {
        var study = await AddStudyAsync("1.2.826.0.9.20");
        var reports = Get<ReportService>();
        var draft = await reports.OpenForEditingAsync(study, Radiologist);
        var content = new ReportContent("Q.", "", "", "Radiologist's findings.", "Impression.");
        await reports.SaveAsync(draft.Id, draft.RowVersion, content, Radiologist);
        await Get<StudyLockService>().ReleaseAsync(study, "radiologist");
        var other = await AddStudyAsync("1.2.826.0.9.21");

        var open = await Assert.ThrowsAsync<ReportAccessDeniedException>(() => reports.OpenForEditingAsync(other, Clinician));
        await Assert.ThrowsAsync<ReportAccessDeniedException>(() => reports.SaveAsync(draft.Id, 2, new ReportContent("", "", "", "Clinician text", ""), Clinician));
        await Assert.ThrowsAsync<ReportAccessDeniedException>(() => reports.SignAsync(draft.Id, 2, ReportStatus.Final, Password, Clinician));
        await Assert.ThrowsAsync<ReportAccessDeniedException>(() => reports.AddAddendumAsync(draft.Id, "Clinician addendum", Password, Clinician));

        Assert.Equal("Only a signed-in radiologist can draft, sign or amend reports", open.Message);
        Assert.Null((await Get<StudyLockService>().GetAsync(other)).HeldBy);
        Assert.Null((await Get<StudyLockService>().GetAsync(study)).HeldBy);
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        var stored = await db.Reports.AsNoTracking().SingleAsync(r => r.Id == draft.Id);
        Assert.Equal((ReportStatus.Draft, 2, "Radiologist's findings."), (stored.Status, stored.RowVersion, stored.Findings));
        Assert.Equal(0, await db.Reports.CountAsync(r => r.WorklistEntry!.StudyInstanceUid == other.StudyInstanceUid));
        Assert.Equal(0, await db.ReportAddenda.CountAsync());
    }
}
