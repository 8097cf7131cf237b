using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Security;
using PacsViewer.Core.Storage;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Archive.Local;
using PacsViewer.Web.Components.Pages.Admin;

namespace PacsViewer.Tests.Web.Components.Pages.Admin;

/// <summary>
/// The storage screen over the running test app's services: usage per modality, a dry run that protects a study with a
/// draft report, Apply now after its confirmation, and a radiologist refused.
/// </summary>
public sealed class StoragePageTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly PacsViewerWebApplicationFactory _app = new();

    public void Dispose() => _app.Dispose();

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private static ClaimsPrincipal User(string name, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "test"));

    private BunitContext NewContext(string user, string role)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(Get<StorageStatisticsService>());
        ctx.Services.AddSingleton(Get<CachePurgeService>());
        ctx.Services.AddSingleton(Get<RetentionService>());
        ctx.Services.AddSingleton(Get<StudyHoldService>());
        ctx.Services.AddSingleton(Get<IOptions<StorageOptions>>());
        ctx.AddAuthorization().SetAuthorized(user).SetRoles(role);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    /// <summary>Two old CT studies of two objects each: one with a Final report, one with a draft.</summary>
    private async Task SeedAsync()
    {
        _ = _app.Server; // starts the app (migrations, users)
        var archive = Get<LocalArchive>();
        foreach (var study in new[] { "2.25.5001", "2.25.5002" })
        {
            for (var i = 1; i <= 2; i++)
            {
                Assert.Equal(ArchiveStoreOutcome.Stored,
                    (await archive.AddAsync(ArchiveTestObjects.Create(study, study + ".1", $"{study}.1.{i}", patientName: "SYNTH^PAGE", studyDate: "20190301", instanceNumber: i))).Outcome);
            }
        }
        await Get<WorklistSynchronizer>().SyncAsync(archive, new StudyQuery());
        var reports = Get<ReportService>();
        var radiologist = User(AppSignIn.Radiologist, PacsRoles.Radiologist);
        var content = new ReportContent("Synthetic.", "CT.", "None.", "Normal.", "Normal.");
        var final = await reports.OpenForEditingAsync(new StudyKey(archive.Id, "2.25.5001"), radiologist);
        var v = await reports.SaveAsync(final.Id, final.RowVersion, content, radiologist);
        await reports.SignAsync(final.Id, v, ReportStatus.Final, DemoUserOptions.DefaultPassword, radiologist);
        var draft = await reports.OpenForEditingAsync(new StudyKey(archive.Id, "2.25.5002"), radiologist);
        await reports.SaveAsync(draft.Id, draft.RowVersion, content, radiologist);
        await Get<RetentionService>().SaveRuleAsync(new RetentionRuleEdit { Name = "CT after 5 years", Modality = "CT", MinAgeDays = 1825, Enabled = true },
            User(AppSignIn.Admin, PacsRoles.Admin));
    }

    [Fact]
    public async Task DryRunThenApply_Admin_ListsProtectedDraftAndDeletesTheFinalReportedStudyAfterConfirmation()
    {
        await SeedAsync();
        await using var ctx = NewContext(AppSignIn.Admin, PacsRoles.Admin);
        var cut = ctx.Render<StoragePage>();
        cut.WaitForAssertion(() => Assert.Equal("4", cut.Find("[data-testid=storage-archive-row][data-modality=CT] [data-testid=storage-objects]").TextContent), Wait);
        Assert.Equal("CT after 5 years", cut.Find("[data-testid=retention-rule]").GetAttribute("data-name"));

        await cut.Find("[data-testid=retention-dry-run]").ClickAsync(new());

        cut.WaitForElement("[data-testid=retention-would-delete-row]", Wait);
        Assert.Equal(["2.25.5001"], cut.FindAll("[data-testid=retention-would-delete-row]").Select(r => r.GetAttribute("data-study")));
        var kept = cut.Find("[data-testid=retention-protected-row]");
        Assert.Equal(("2.25.5002", "unsigned report (draft)"), (kept.GetAttribute("data-study"), kept.QuerySelector("[data-testid=retention-reason]")!.TextContent));
        Assert.True(await InArchiveAsync("2.25.5001")); // the dry run deleted nothing

        await cut.Find("[data-testid=retention-apply]").ClickAsync(new());
        Assert.StartsWith("Delete 1 studies", cut.Find("[data-testid=retention-apply-confirm]").TextContent.Trim(), StringComparison.Ordinal);
        await cut.Find("[data-testid=retention-apply-confirm]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Deleted 1 studies", cut.Find("[data-testid=retention-applied]").TextContent, StringComparison.Ordinal), Wait);
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=storage-archive-row][data-modality=CT] [data-testid=storage-objects]").TextContent), Wait);
        Assert.False(await InArchiveAsync("2.25.5001"));
        Assert.True(await InArchiveAsync("2.25.5002"));
        Assert.Empty(cut.FindAll("[data-testid=retention-would-delete-row]"));
    }

    [Fact]
    public async Task PlaceHold_Radiologist_RefusedAndNothingStored()
    {
        _ = _app.Server;
        await using var ctx = NewContext(AppSignIn.Radiologist, PacsRoles.Radiologist);
        var cut = ctx.Render<StoragePage>();
        cut.WaitForElement("[data-testid=hold-place]", Wait);

        await cut.Find("[data-testid=hold-study] input, input[data-testid=hold-study]").InputAsync(new() { Value = "2.25.5003" });
        await cut.Find("[data-testid=hold-reason-input] input, input[data-testid=hold-reason-input]").InputAsync(new() { Value = "not mine to place" });
        await cut.Find("form[data-testid=hold-form]").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Equal("Only an admin can manage storage, retention and holds.", cut.Find("[data-testid=hold-error]").TextContent), Wait);
        Assert.Empty(await Get<StudyHoldService>().ListActiveAsync());
    }

    private async Task<bool> InArchiveAsync(string study)
    {
        await using var db = Get<PacsViewer.Core.Archive.Local.Index.ArchiveDatabase>().CreateContext();
        return await db.Studies.AnyAsync(s => s.StudyInstanceUid == study);
    }
}
