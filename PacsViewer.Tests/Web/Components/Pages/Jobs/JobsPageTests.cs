using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PacsViewer.Core.Data;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Security;
using PacsViewer.Tests.Core.Distribution;
using PacsViewer.Web.Components.Pages.Jobs;

namespace PacsViewer.Tests.Web.Components.Pages.Jobs;

/// <summary>The jobs page over the real job services and a SQLite app database, jobs run by the real runner.</summary>
public sealed class JobsPageTests : TransferJobTestBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private BunitContext NewContext(string user = "radiologist", string role = PacsRoles.Radiologist)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(Get<TransferJobService>());
        ctx.Services.AddSingleton(Get<TransferJobSignal>());
        ctx.AddAuthorization().SetAuthorized(user).SetRoles(role);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<JobsPage> cut, long id) =>
        cut.FindAll("[data-testid=jobs-table] tbody tr").Single(r => r.QuerySelector("[data-testid=job-description]")?.TextContent == $"job {id}");

    /// <summary>A job described as "job ID", so its row is found by its description.</summary>
    private async Task<long> EnqueueNamedAsync(int count, string createdBy = "radiologist", TransferJobKind kind = TransferJobKind.Send)
    {
        var id = await EnqueueAsync(count, kind, createdBy);
        await UpdateJobAsync(id, j => j.Description = $"job {id}");
        return id;
    }

    [Fact]
    public async Task Render_PartlyFailedJob_ShowsStateProgressAndTheFailedObjectsReasonsThenRetryQueuesIt()
    {
        var id = await EnqueueNamedAsync(3);
        await NewRunner(new TestJobHandler { FailLabels = { "2" } }).RunDueAsync();
        await using var ctx = NewContext();

        var cut = ctx.Render<JobsPage>();
        cut.WaitForElement("[data-testid=jobs-table]", Wait);

        var row = Row(cut, id);
        Assert.Equal("PartlyFailed", row.QuerySelector("[data-testid=job-state]")!.GetAttribute("data-state"));
        Assert.Equal("Partly failed", row.QuerySelector("[data-testid=job-state]")!.TextContent.Trim());
        Assert.Equal("2 / 3 objects, 1 failed · 200 B of 300 B", row.QuerySelector("[data-testid=job-progress-text]")!.TextContent.Trim());
        Assert.Equal("100", row.QuerySelector("[data-testid=job-progress]")!.GetAttribute("data-value"));
        Assert.Equal(("DOE^JOBS", "ORTHANC", "1 of 3 objects failed"), (row.QuerySelector("[data-testid=job-patient]")!.TextContent,
            row.QuerySelector("[data-testid=job-destination]")!.TextContent, row.QuerySelector("[data-testid=job-error]")!.TextContent));
        Assert.Null(row.QuerySelector("[data-testid=job-cancel]"));
        Assert.Null(row.QuerySelector("[data-testid=job-download]"));

        await row.QuerySelector("[data-testid=job-details]")!.ClickAsync(new());
        cut.WaitForElement("[data-testid=job-failed-item]", Wait);
        var failed = Assert.Single(cut.FindAll("[data-testid=job-failed-item]"));
        Assert.Equal(("2", "C-STORE failed: status A700 (Refused: Out of Resources)"),
            (failed.QuerySelector("[data-testid=job-failed-label]")!.TextContent, failed.QuerySelector("[data-testid=job-failed-error]")!.TextContent));

        await Row(cut, id).QuerySelector("[data-testid=job-retry]")!.ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("Queued", Row(cut, id).QuerySelector("[data-testid=job-state]")!.GetAttribute("data-state")), Wait);
        Assert.Equal(TransferJobState.Queued, (await JobAsync(id)).State);
    }

    [Fact]
    public async Task Cancel_QueuedJob_CancelledAndShownSo()
    {
        var id = await EnqueueNamedAsync(2);
        await using var ctx = NewContext();
        var cut = ctx.Render<JobsPage>();
        cut.WaitForElement("[data-testid=jobs-table]", Wait);

        await Row(cut, id).QuerySelector("[data-testid=job-cancel]")!.ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("Cancelled", Row(cut, id).QuerySelector("[data-testid=job-state]")!.GetAttribute("data-state")), Wait);
        Assert.Equal(TransferJobState.Cancelled, (await JobAsync(id)).State);
    }

    [Fact]
    public async Task Render_OtherUsersJobs_HiddenFromThemShownToAnAdminWhoAsks()
    {
        var mine = await EnqueueNamedAsync(1, "radiologist");
        var theirs = await EnqueueNamedAsync(1, "radiologist2");
        await using (var ctx = NewContext())
        {
            var cut = ctx.Render<JobsPage>();
            cut.WaitForElement("[data-testid=jobs-table]", Wait);
            Assert.Equal([$"job {mine}"], cut.FindAll("[data-testid=job-description]").Select(d => d.TextContent));
            Assert.Empty(cut.FindAll("[data-testid=jobs-all]"));
        }
        await using (var ctx = NewContext("admin", PacsRoles.Admin))
        {
            var cut = ctx.Render<JobsPage>();
            cut.WaitForElement("[data-testid=jobs-empty]", Wait);
            await cut.Find("[data-testid=jobs-all] input, input[data-testid=jobs-all]").ChangeAsync(new ChangeEventArgs { Value = true });
            cut.WaitForAssertion(() => Assert.Equal([$"job {theirs}", $"job {mine}"],
                cut.FindAll("[data-testid=job-description]").Select(d => d.TextContent)), Wait);
        }
    }

    [Fact]
    public async Task Render_JobRunsWhileShown_ProgressRefreshesLiveUntilSucceeded()
    {
        var id = await EnqueueNamedAsync(3);
        await using var ctx = NewContext();
        var cut = ctx.Render<JobsPage>();
        cut.WaitForElement("[data-testid=jobs-table]", Wait);
        Assert.Equal("Queued", Row(cut, id).QuerySelector("[data-testid=job-state]")!.GetAttribute("data-state"));

        var handler = new TestJobHandler { BlockAt = "3" };
        var run = NewRunner(handler).RunDueAsync();
        await handler.Reached.Task.WaitAsync(Wait);
        cut.WaitForAssertion(() => Assert.Equal(("Running", "2 / 3 objects · 200 B of 300 B"),
            (Row(cut, id).QuerySelector("[data-testid=job-state]")!.GetAttribute("data-state"),
             Row(cut, id).QuerySelector("[data-testid=job-progress-text]")!.TextContent.Trim())), Wait);

        handler.Release.TrySetResult();
        await run.WaitAsync(Wait);
        cut.WaitForAssertion(() => Assert.Equal("Succeeded", Row(cut, id).QuerySelector("[data-testid=job-state]")!.GetAttribute("data-state")), Wait);
    }

    [Fact]
    public async Task Render_FinishedExportWithAFile_LinksToItsDownload()
    {
        var id = await EnqueueNamedAsync(1, kind: TransferJobKind.Export);
        await NewRunner(new TestJobHandler(TransferJobKind.Export)).RunDueAsync();
        await UpdateJobAsync(id, j => j.ResultPath = "/srv/exports/generated.zip");
        await using var ctx = NewContext();

        var cut = ctx.Render<JobsPage>();
        cut.WaitForElement("[data-testid=jobs-table]", Wait);

        Assert.Equal($"api/jobs/{id}/result", Row(cut, id).QuerySelector("[data-testid=job-download]")!.GetAttribute("href"));
    }

    [Fact]
    public void ProgressText_RunningFor10Seconds_ShowsBytesAndRate()
    {
        var start = new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
        var job = new TransferJob
        {
            CreatedBy = "radiologist", TotalObjects = 40, DoneObjects = 12, TotalBytes = 40L * 1024 * 1024, DoneBytes = 12L * 1024 * 1024,
            StartedAt = start, UpdatedAt = start.AddSeconds(10), State = TransferJobState.Running,
        };

        Assert.Equal("12 / 40 objects · 12 MB of 40 MB · 1.2 MB/s", JobsPage.ProgressText(job));
    }
}
