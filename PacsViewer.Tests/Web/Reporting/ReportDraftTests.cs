using Microsoft.Extensions.Logging.Abstractions;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting;
using PacsViewer.Tests.Core.Data;
using PacsViewer.Web.Reporting;

namespace PacsViewer.Tests.Web.Reporting;

/// <summary>The editor's autosave throttle over the real report service (SQLite), on a hand-moved clock.</summary>
public sealed class ReportDraftTests : AppDatabaseTestBase
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private readonly StepClock _editorClock = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));

    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private async Task<ReportDraft> OpenAsync()
    {
        var study = await AddStudyAsync("1.2.826.0.7.60");
        var view = await Get<ReportService>().OpenForEditingAsync(study, Radiologist);
        return new ReportDraft(view, Get<ReportService>(), Radiologist, _editorClock,
            new ReportEditorOptions { AutosaveDelay = TimeSpan.FromSeconds(2) }, NullLogger.Instance);
    }

    private static Task SavedAsync(ReportDraft draft)
    {
        var saved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        draft.Changed += () =>
        {
            if (draft.State == DraftSaveState.Saved)
            {
                saved.TrySetResult();
            }
        };
        return saved.Task.WaitAsync(Hang);
    }

    private async Task<ReportView> StoredAsync() =>
        (await Get<ReportService>().GetForStudyAsync(new("archive", "1.2.826.0.7.60"), Radiologist))!;

    [Fact]
    public async Task Update_KeepsTyping_SavedTwoSecondsAfterTheFirstUnsavedChangeWithTheLatestText()
    {
        await using var draft = await OpenAsync();
        var saved = SavedAsync(draft);

        draft.Update(ReportSectionKind.Findings, "N");
        _editorClock.Advance(TimeSpan.FromSeconds(1.5));
        draft.Update(ReportSectionKind.Findings, "No");
        var beforeDue = await StoredAsync();
        _editorClock.Advance(TimeSpan.FromSeconds(0.5)); // 2 s after "N", 0.5 s after "No": a throttle saves, a debounce would not
        await saved;

        Assert.Equal(("", 1), (beforeDue.Content.Findings, beforeDue.RowVersion));
        var after = await StoredAsync();
        Assert.Equal(("No", 2), (after.Content.Findings, after.RowVersion));
        Assert.Equal((2, false), (draft.Version, draft.HasPendingChanges));
    }

    [Fact]
    public async Task Update_SameTextAgain_NothingPending()
    {
        await using var draft = await OpenAsync();

        draft.Update(ReportSectionKind.Findings, "");

        Assert.Equal((DraftSaveState.Saved, false), (draft.State, draft.HasPendingChanges));
    }
}
