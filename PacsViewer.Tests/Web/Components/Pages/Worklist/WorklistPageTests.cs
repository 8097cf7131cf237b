using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Data;
using WorklistPage = PacsViewer.Web.Components.Pages.Worklist.WorklistPage;
using PacsViewer.Web.Components.Worklist;
using PacsViewer.Web.Worklist;

namespace PacsViewer.Tests.Web.Components.Pages.Worklist;

/// <summary>
/// The worklist page over the real <see cref="WorklistService"/> and a real SQLite app database: what the grid
/// shows is what the database query answered for the page, sort and filter the grid asked for.
/// </summary>
public sealed class WorklistPageTests : AppDatabaseTestBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    /// <summary>30 studies: SMITH^A01..10 then JONES^B11..30; 2024-01-01..30; patient P(i mod 7); every 5th STAT; every 4th assigned to radiologist.</summary>
    private async Task SeedAsync()
    {
        var worklist = Get<WorklistService>();
        for (var i = 1; i <= 30; i++)
        {
            var name = i <= 10 ? $"SMITH^A{i:00}" : $"JONES^B{i:00}";
            var key = await AddStudyAsync(Uid(i), name, $"P{i % 7}", $"202401{i:00}", i % 3 == 0 ? "CT" : "MR", $"ACC{i:00}", i % 2 == 0 ? "Chest" : "Head");
            if (i % 5 == 0)
            {
                await worklist.SetPriorityAsync(key, ReadingPriority.Stat);
            }
            if (i % 4 == 0)
            {
                await worklist.AssignAsync(key, "radiologist");
            }
        }
    }

    private static string Uid(int i) => $"1.2.826.0.2.{i}";

    private BunitContext NewContext(string user = "radiologist", string role = PacsRoles.Radiologist)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(Get<WorklistService>());
        ctx.Services.AddSingleton(Get<StudyLockService>());
        ctx.Services.AddSingleton(Get<IWorklistNotifier>());
        ctx.Services.AddSingleton(Get<IOptions<WorklistOptions>>());
        ctx.Services.AddSingleton(new RadiologistDirectory(Get<IServiceScopeFactory>()));
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.AddAuthorization().SetAuthorized(user).SetRoles(role);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private static int[] Rows(IRenderedComponent<WorklistPage> cut) =>
        cut.FindAll("[data-testid=worklist-row]").Select(r => int.Parse(r.GetAttribute("data-study-uid")!.Split('.')[^1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static IElement SortLabel(IRenderedComponent<WorklistPage> cut, string header) =>
        cut.FindAll(".mud-table-sort-label").Single(l => l.TextContent.Trim() == header);

    [Fact]
    public async Task Render_ThirtyStudies_FirstPageOf25InPriorityOrderWithTotal()
    {
        await SeedAsync();
        await using var ctx = NewContext();

        var cut = ctx.Render<WorklistPage>();

        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Length), Wait);
        Assert.Equal([30, 25, 20, 15, 10, 5, 29, 28], Rows(cut)[..8]);
        cut.WaitForAssertion(() => Assert.Equal("30", cut.Find("[data-testid=worklist-state]").GetAttribute("data-total")), Wait);
        Assert.Equal("1", cut.Find("[data-testid=worklist-state]").GetAttribute("data-refreshes")); // one query, no render loop
        var first = cut.Find("[data-testid=worklist-row]");
        Assert.Equal("archive", first.GetAttribute("data-source"));
        Assert.Equal("Stat", first.GetAttribute("data-priority"));
        Assert.Equal("Unread", first.GetAttribute("data-status"));
        Assert.Equal("JONES, B30", first.TextContent.Trim());
    }

    [Fact]
    public async Task SortLabel_PatientIdAscendingThenDescending_DatabaseOrderShown()
    {
        await SeedAsync();
        await using var ctx = NewContext();
        var cut = ctx.Render<WorklistPage>();
        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Length), Wait);

        await SortLabel(cut, "Patient ID").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal([7, 14, 21, 28], Rows(cut)[..4]), Wait); // P0, then by row id
        await SortLabel(cut, "Patient ID").ClickAsync(new());

        // P6 first; ties in the sort's direction (row id descending), so one index serves both directions
        cut.WaitForAssertion(() => Assert.Equal([27, 20, 13, 6], Rows(cut)[..4]), Wait);
    }

    [Fact]
    public async Task Pager_NextPage_ShowsTheLastFiveRowsOfTheOrder()
    {
        await SeedAsync();
        await using var ctx = NewContext();
        var cut = ctx.Render<WorklistPage>();
        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Length), Wait);
        var firstPage = Rows(cut);

        await cut.Find("button[aria-label='Next page']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(5, Rows(cut).Length), Wait);
        var all = firstPage.Concat(Rows(cut)).ToArray();
        Assert.Equal(Enumerable.Range(1, 30).ToArray(), all.Order().ToArray());
        Assert.Equal([4, 3, 2, 1], Rows(cut)[1..]); // routine studies oldest last
    }

    [Fact]
    public async Task Apply_PatientNameWildcardAndAssignedToMe_FilteredInTheDatabase()
    {
        await SeedAsync();
        await using var ctx = NewContext();
        var cut = ctx.Render<WorklistPage>();
        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Length), Wait);

        await cut.Find("input[data-testid=filter-patient-name], [data-testid=filter-patient-name] input").InputAsync(new() { Value = "smith*" });
        await cut.Find("form").SubmitAsync();
        cut.WaitForAssertion(() => Assert.Equal([10, 5, 9, 8, 7, 6, 4, 3, 2, 1], Rows(cut)), Wait);
        Assert.Equal("10", cut.Find("[data-testid=worklist-state]").GetAttribute("data-total"));

        await cut.Find("input[data-testid=filter-assigned-to-me], [data-testid=filter-assigned-to-me] input").ChangeAsync(new() { Value = true });
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Equal([8, 4], Rows(cut)), Wait);
        Assert.All(cut.FindAll("[data-testid=worklist-row]"), r => Assert.Equal("radiologist", r.GetAttribute("data-assigned-to")));
    }

    [Fact]
    public async Task SavedFilter_SaveThenReapplyOnAFreshPage_SameRowsAndStoredForTheUser()
    {
        await SeedAsync();
        await using var ctx = NewContext();
        var cut = ctx.Render<WorklistPage>();
        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Length), Wait);
        await cut.Find("input[data-testid=filter-accession], [data-testid=filter-accession] input").InputAsync(new() { Value = "ACC1?" });
        await cut.Find("input[data-testid=saved-filter-name], [data-testid=saved-filter-name] input").InputAsync(new() { Value = "Tens" });

        await cut.Find("[data-testid=saved-filter-save]").ClickAsync(new());

        var saved = Assert.Single(await Get<WorklistService>().GetFiltersAsync("radiologist"));
        Assert.Equal("Tens", saved.Name);
        Assert.Equal("ACC1?", saved.Filter.AccessionNumber);
        Assert.Empty(await Get<WorklistService>().GetFiltersAsync("radiologist2"));

        var fresh = ctx.Render<WorklistPage>();
        fresh.WaitForAssertion(() => Assert.Equal(25, Rows(fresh).Length), Wait);
        var panel = fresh.FindComponent<WorklistFilterPanel>();
        fresh.WaitForAssertion(() => Assert.Equal(["Tens"], panel.Instance.SavedNames), Wait);
        await fresh.InvokeAsync(() => panel.Instance.SavedSelected.InvokeAsync("Tens"));

        fresh.WaitForAssertion(() => Assert.Equal([15, 10, 19, 18, 17, 16, 14, 13, 12, 11], Rows(fresh)), Wait);
        Assert.Equal("ACC1?", fresh.Find("input[data-testid=filter-accession], [data-testid=filter-accession] input").GetAttribute("value"));
    }

    [Fact]
    public async Task Notifier_StudyArrivesAndLockTakenElsewhere_GridRefreshesWithoutReload()
    {
        await SeedAsync();
        await using var ctx = NewContext();
        var cut = ctx.Render<WorklistPage>();
        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Length), Wait);

        await AddStudyAsync(Uid(99), "NEW^ARRIVAL", "P9", "20240301", "CT", "ACC99", "Chest");
        cut.WaitForAssertion(() => Assert.Equal("31", cut.Find("[data-testid=worklist-state]").GetAttribute("data-total")), Wait);
        await Get<WorklistService>().SetPriorityAsync(new(Source, Uid(99)), ReadingPriority.Stat);
        cut.WaitForAssertion(() => Assert.Equal(99, Rows(cut)[0]), Wait); // newest STAT first
        await Get<StudyLockService>().ClaimAsync(new(Source, Uid(99)), "radiologist2");

        cut.WaitForAssertion(() => Assert.Equal("radiologist2", cut.Find("[data-testid=worklist-row]").GetAttribute("data-locked-by")), Wait);
        Assert.StartsWith("Locked by radiologist2 since ", cut.Find("[data-testid=worklist-lock]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("InProgress", cut.Find("[data-testid=worklist-row]").GetAttribute("data-status"));
    }

    [Fact]
    public async Task RowClick_StudyWithPriors_PanelListsPriorsWithComparisonLinks()
    {
        await SeedAsync();
        await using var ctx = NewContext();
        var cut = ctx.Render<WorklistPage>();
        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Length), Wait);

        await cut.FindAll("[data-testid=worklist-row]").Single(r => r.GetAttribute("data-study-uid") == Uid(5)).ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=prior]").Count), Wait);
        Assert.Equal([Uid(26), Uid(19), Uid(12)], cut.FindAll("[data-testid=prior]").Select(p => p.GetAttribute("data-study-uid")));
        var compare = cut.FindAll("[data-testid=prior-compare]")[0].GetAttribute("href");
        Assert.Equal($"viewer/archive/{Uid(5)}?prior=archive%2F{Uid(26)}", compare);
        Assert.Equal($"viewer/archive/{Uid(5)}", cut.Find("[data-testid=panel-open]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=panel-release-lock]")); // a radiologist never sees it
    }

    [Fact]
    public async Task PanelPriorityAndAssignee_Changed_StoredAndShownInTheRow()
    {
        await SeedAsync();
        await using var ctx = NewContext();
        var cut = ctx.Render<WorklistPage>();
        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Length), Wait);
        await cut.FindAll("[data-testid=worklist-row]").Single(r => r.GetAttribute("data-study-uid") == Uid(29)).ClickAsync(new());
        var panel = cut.FindComponent<WorklistStudyPanel>();
        cut.WaitForAssertion(() => Assert.Equal(["radiologist", "radiologist2"], panel.Instance.Radiologists), Wait);

        await cut.InvokeAsync(() => panel.Instance.PriorityChanged.InvokeAsync(ReadingPriority.Urgent));
        await cut.InvokeAsync(() => panel.Instance.AssigneeChanged.InvokeAsync("radiologist2"));

        var stored = await Get<WorklistService>().GetAsync(new(Source, Uid(29)));
        Assert.Equal((ReadingPriority.Urgent, "radiologist2"), (stored!.Priority, stored.AssignedTo));
        cut.WaitForAssertion(() =>
        {
            var row = cut.FindAll("[data-testid=worklist-row]").Single(r => r.GetAttribute("data-study-uid") == Uid(29));
            Assert.Equal(("Urgent", "radiologist2"), (row.GetAttribute("data-priority"), row.GetAttribute("data-assigned-to")));
        }, Wait);
    }
}
