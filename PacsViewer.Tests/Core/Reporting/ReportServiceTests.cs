using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Reporting.Delivery;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Reporting;

/// <summary>Report drafting, concurrency, sign-off, addenda and visibility; on each provider.</summary>
public abstract class ReportServiceTests : AppDatabaseTestBase
{
    private static ReportContent Text(string findings, string impression = "") => new("Cough.", "CT chest.", "None.", findings, impression);

    private async Task<(StudyKey Study, ReportView Draft)> DraftAsync(string uid = "1.2.826.0.7.1")
    {
        var study = await AddStudyAsync(uid);
        return (study, await Get<ReportService>().OpenForEditingAsync(study, Radiologist));
    }

    [Fact]
    public async Task SaveAsync_Autosaves_EachReturnsNextVersionAndTextSurvivesARestart()
    {
        var (study, draft) = await DraftAsync();
        var reports = Get<ReportService>();

        var v2 = await reports.SaveAsync(draft.Id, draft.RowVersion, Text("Small nod"), Radiologist);
        var v3 = await reports.SaveAsync(draft.Id, v2, Text("Small nodule in the right"), Radiologist);
        await RestartAsync();
        var reopened = await Get<ReportService>().OpenForEditingAsync(study, Radiologist);

        Assert.Equal((1, 2, 3), (draft.RowVersion, v2, v3));
        Assert.Equal(draft.Id, reopened.Id);
        Assert.Equal(3, reopened.RowVersion);
        Assert.Equal("Small nodule in the right", reopened.Content.Findings);
        Assert.Equal(ReportStatus.Draft, reopened.Status);
        var history = await Get<ReportService>().GetHistoryAsync(draft.Id, Radiologist);
        Assert.Equal([(1, ReportVersionKind.Created, ""), (2, ReportVersionKind.Saved, "Small nod"), (3, ReportVersionKind.Saved, "Small nodule in the right")],
            history.Select(h => (h.RowVersion, h.Kind, h.Findings)));
    }

    [Fact]
    public async Task SaveAsync_StaleVersion_ConflictCarriesServerTextAndNothingIsOverwritten()
    {
        var (_, draft) = await DraftAsync();
        var reports = Get<ReportService>();
        // Two editor sessions opened at version 1; the first saves.
        var v2 = await reports.SaveAsync(draft.Id, 1, Text("Text of tab A"), Radiologist);

        var conflict = await Assert.ThrowsAsync<ReportConflictException>(() => reports.SaveAsync(draft.Id, 1, Text("Text of tab B"), Radiologist));

        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(v2, conflict.CurrentVersion);
        Assert.Equal("Text of tab A", conflict.CurrentContent.Findings);
        var now = await reports.GetForStudyAsync(new StudyKey(Source, "1.2.826.0.7.1"), Radiologist);
        Assert.Equal("Text of tab A", now!.Content.Findings);
        Assert.Equal(2, now.RowVersion);
    }

    [Fact]
    public async Task SaveAsync_ParallelSavesOfOneVersion_ExactlyOneSucceeds()
    {
        var (_, draft) = await DraftAsync();
        var reports = Get<ReportService>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var saves = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await reports.SaveAsync(draft.Id, 1, Text($"session {i}"), Radiologist);
                return (i, true);
            }
            catch (ReportConflictException)
            {
                return (i, false);
            }
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(saves);

        var winner = Assert.Single(results, r => r.Item2);
        var now = await reports.GetForStudyAsync(new StudyKey(Source, "1.2.826.0.7.1"), Radiologist);
        Assert.Equal($"session {winner.i}", now!.Content.Findings);
        Assert.Equal(2, now.RowVersion);
    }

    [Fact]
    public async Task SignAsync_WrongPassword_RefusedAndReportUnchanged()
    {
        var (_, draft) = await DraftAsync();
        var reports = Get<ReportService>();

        var e = await Assert.ThrowsAsync<SignatureRejectedException>(() => reports.SignAsync(draft.Id, 1, ReportStatus.Final, "wrong-password", Radiologist));

        Assert.Equal("radiologist", e.UserName);
        var now = await reports.GetForStudyAsync(new StudyKey(Source, "1.2.826.0.7.1"), Radiologist);
        Assert.Equal((ReportStatus.Draft, 1), (now!.Status, now.RowVersion));
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        Assert.Equal(0, await db.ReportDeliveries.CountAsync());
    }

    [Fact]
    public async Task SignAsync_AnotherRadiologistsDraft_AccessDenied()
    {
        var (study, draft) = await DraftAsync();
        await Get<StudyLockService>().ReleaseAsync(study, "radiologist");

        await Assert.ThrowsAsync<ReportAccessDeniedException>(() => Get<ReportService>().SignAsync(draft.Id, 1, ReportStatus.Final, Password, Radiologist2));
        await Assert.ThrowsAsync<ReportAccessDeniedException>(() => Get<ReportService>().SaveAsync(draft.Id, 1, Text("not mine"), Radiologist2));
        await Assert.ThrowsAsync<ReportAccessDeniedException>(() => Get<ReportService>().OpenForEditingAsync(study, Clinician));
    }

    [Fact]
    public async Task OpenForEditingAsync_StudyLockedByAnother_AccessDeniedNamingTheHolder()
    {
        var study = await AddStudyAsync("1.2.826.0.7.2");
        await Get<StudyLockService>().ClaimAsync(study, "radiologist2");

        var e = await Assert.ThrowsAsync<ReportAccessDeniedException>(() => Get<ReportService>().OpenForEditingAsync(study, Radiologist));

        Assert.Contains("radiologist2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignAsync_PreliminaryThenFinal_FinalNeverChangesAndIsQueuedForDeliveryWithTheStudy()
    {
        var (study, draft) = await DraftAsync();
        var reports = Get<ReportService>();
        var v2 = await reports.SaveAsync(draft.Id, 1, Text("Nodule 4 mm.", "Follow-up in 12 months."), Radiologist);

        var v3 = await reports.SignAsync(draft.Id, v2, ReportStatus.Preliminary, Password, Radiologist);
        Assert.Equal(ReadingStatus.Preliminary, (await Get<WorklistService>().GetAsync(study))!.Status);
        var v4 = await reports.SaveAsync(draft.Id, v3, Text("Nodule 4 mm, solid.", "Follow-up in 12 months."), Radiologist);
        var v5 = await reports.SignAsync(draft.Id, v4, ReportStatus.Final, Password, Radiologist);

        var final = await reports.GetForStudyAsync(study, Radiologist);
        Assert.Equal((ReportStatus.Final, 5), (final!.Status, v5));
        Assert.Equal(Clock.GetUtcNow(), final.FinalSignedAt);
        Assert.Equal("Dr Demo Radiologist", final.AuthorDisplayName);
        var item = (await Get<WorklistService>().GetAsync(study))!;
        Assert.Equal(ReadingStatus.Final, item.Status);
        Assert.Null(item.LockedBy);

        await Assert.ThrowsAsync<ReportImmutableException>(() => reports.SaveAsync(draft.Id, v5, Text("changed"), Radiologist));
        await Assert.ThrowsAsync<ReportImmutableException>(() => reports.SignAsync(draft.Id, v5, ReportStatus.Final, Password, Radiologist));
        Assert.Equal("Nodule 4 mm, solid.", (await reports.GetForStudyAsync(study, Radiologist))!.Content.Findings);

        var delivery = Assert.Single(await Get<ReportDeliveryQueue>().GetForReportAsync(draft.Id));
        Assert.Equal((1, Source, DeliveryStatus.Pending, 0), (delivery.Version, delivery.TargetSource, delivery.Status, delivery.Attempts));
        var kinds = (await reports.GetHistoryAsync(draft.Id, Admin)).Select(h => (h.RowVersion, h.Kind, h.Status));
        Assert.Equal([(1, ReportVersionKind.Created, ReportStatus.Draft), (2, ReportVersionKind.Saved, ReportStatus.Draft),
            (3, ReportVersionKind.SignedPreliminary, ReportStatus.Preliminary), (4, ReportVersionKind.Saved, ReportStatus.Preliminary),
            (5, ReportVersionKind.SignedFinal, ReportStatus.Final)], kinds);
    }

    [Fact]
    public async Task AddAddendumAsync_SignedCorrections_ShownWithOriginalVersionedAndQueued()
    {
        var (study, draft) = await DraftAsync();
        var reports = Get<ReportService>();
        await reports.SignAsync(draft.Id, 1, ReportStatus.Final, Password, Radiologist);

        await Assert.ThrowsAsync<SignatureRejectedException>(() => reports.AddAddendumAsync(draft.Id, "Wrong side.", "bad", Radiologist2));
        Clock.Advance(TimeSpan.FromHours(1));
        var first = await reports.AddAddendumAsync(draft.Id, "The nodule is in the LEFT lung.", Password, Radiologist2);
        Clock.Advance(TimeSpan.FromHours(1));
        var second = await reports.AddAddendumAsync(draft.Id, "Size confirmed on prior.", Password, Radiologist);

        Assert.Equal((2, 3), (first, second));
        var view = (await reports.GetForStudyAsync(study, Clinician))!;
        Assert.Equal(ReportStatus.Final, view.Status);
        Assert.Equal([(2, "The nodule is in the LEFT lung.", "radiologist2"), (3, "Size confirmed on prior.", "radiologist")],
            view.Addenda.Select(a => (a.Version, a.Text, a.AuthorUserName)));
        Assert.Equal("Dr Second Radiologist", view.Addenda[0].AuthorDisplayName);
        Assert.Equal(ReadingStatus.Amended, (await Get<WorklistService>().GetAsync(study))!.Status);
        Assert.Equal([1, 2, 3], (await Get<ReportDeliveryQueue>().GetForReportAsync(draft.Id)).Select(d => d.Version));
        var history = await reports.GetHistoryAsync(draft.Id, Radiologist);
        Assert.Equal(["The nodule is in the LEFT lung.", "Size confirmed on prior."],
            history.Where(h => h.Kind == ReportVersionKind.Addendum).Select(h => h.AddendumText));
        await Assert.ThrowsAsync<ReportStateException>(() => reports.AddAddendumAsync(draft.Id, " ", Password, Radiologist));
    }

    [Fact]
    public async Task AddAddendumAsync_DraftReport_Refused()
    {
        var (_, draft) = await DraftAsync();

        await Assert.ThrowsAsync<ReportStateException>(() => Get<ReportService>().AddAddendumAsync(draft.Id, "too early", Password, Radiologist));
    }

    [Fact]
    public async Task GetForStudyAsync_Clinician_SeesNoDraftOrPreliminaryOnlyFinal()
    {
        var (study, draft) = await DraftAsync();
        var reports = Get<ReportService>();
        var v2 = await reports.SaveAsync(draft.Id, 1, Text("Preliminary wording"), Radiologist);

        Assert.Null(await reports.GetForStudyAsync(study, Clinician));
        var v3 = await reports.SignAsync(draft.Id, v2, ReportStatus.Preliminary, Password, Radiologist);
        Assert.Null(await reports.GetForStudyAsync(study, Clinician));
        Assert.Equal(ReportStatus.Preliminary, (await reports.GetForStudyAsync(study, Admin))!.Status);
        Assert.Null(await reports.GetForStudyAsync(study, User("someone", "Visitor")));

        await reports.SignAsync(draft.Id, v3, ReportStatus.Final, Password, Radiologist);
        var seen = await reports.GetForStudyAsync(study, Clinician);
        Assert.Equal(("Preliminary wording", ReportStatus.Final), (seen!.Content.Findings, seen.Status));
        await Assert.ThrowsAsync<ReportAccessDeniedException>(() => reports.GetHistoryAsync(draft.Id, Clinician));
    }

    [Fact]
    public async Task RecordCriticalResultAsync_AfterFinal_ShownWithoutChangingTheReport()
    {
        var (study, draft) = await DraftAsync();
        var reports = Get<ReportService>();
        var v2 = await reports.SignAsync(draft.Id, 1, ReportStatus.Final, Password, Radiologist);
        var at = Clock.GetUtcNow().AddMinutes(-5);

        await reports.RecordCriticalResultAsync(draft.Id, "Dr Ward (ward 7)", at, "by phone", Radiologist);

        var view = (await reports.GetForStudyAsync(study, Clinician))!;
        Assert.Equal(new CriticalResultView("Dr Ward (ward 7)", at, "by phone", "radiologist"), view.Critical);
        Assert.Equal(v2, view.RowVersion);
    }
}
