using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Security;
using PacsViewer.Core.Viewing;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Archive.Demo;
using PacsViewer.Tests.Core.Data;
using PacsViewer.Web.Components.Pages.Viewer;
using PacsViewer.Web.Viewer;
using PacsViewer.Web.Worklist;

namespace PacsViewer.Tests.Web.Components.Pages.Viewer;

/// <summary>Study access in the viewer page (ViewerPage.Access.cs): break-glass for a clinician, audit of openings and refusals.</summary>
public sealed class ViewerPageAccessTests(DemoArchiveFixture demo) : AppDatabaseTestBase, IClassFixture<DemoArchiveFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private BunitContext NewContext(string userName, string role)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(new StudySourceCatalog([demo.Archive]));
        ctx.Services.AddSingleton<StudyModelCache>();
        ctx.AddViewerServices(Services, userName, role);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private async Task<StudyKey> DemoMrOnWorklistAsync()
    {
        await foreach (var study in demo.Archive.SearchStudiesAsync(new StudyQuery { PatientName = "DEMO^MR" }))
        {
            return await AddStudyAsync(study.GetFirstString(DicomTags.StudyInstanceUID)!, patientName: "DEMO^MR", patientId: "DEMO-MR");
        }
        throw new InvalidOperationException("no demo MR");
    }

    private static IRenderedComponent<ViewerPage> Open(BunitContext ctx, StudyKey study) =>
        ctx.Render<ViewerPage>(p => p.Add(v => v.SourceId, study.SourceName).Add(v => v.StudyInstanceUid, study.StudyInstanceUid));

    private async Task<List<AuditEvent>> AuditAsync(string study)
    {
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        return await db.AuditEvents.AsNoTracking().Where(e => e.StudyInstanceUid == study).OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task Open_ClinicianNoFinalReport_BreakGlassPanelNoStudyDataRefusalAudited()
    {
        var study = await DemoMrOnWorklistAsync();
        await using var ctx = NewContext("clinician", PacsRoles.Clinician);

        var cut = Open(ctx, study);

        cut.WaitForElement("[data-testid=break-glass]", Wait);
        Assert.Empty(cut.FindAll("[data-testid=viewer]"));
        Assert.DoesNotContain("DEMO, MR", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("1 hour", cut.Find("[data-testid=break-glass]").TextContent, StringComparison.Ordinal);
        var denied = Assert.Single(await AuditAsync(study.StudyInstanceUid));
        Assert.Equal((AuditActions.AccessDenied, "clinician", AuditOutcome.MinorFailure), (denied.Action, denied.UserName, denied.Outcome));
    }

    [Fact]
    public async Task BreakGlass_ShortReasonThenReason_ErrorThenStudyOpensAuditedAsEmergency()
    {
        var study = await DemoMrOnWorklistAsync();
        await using var ctx = NewContext("clinician", PacsRoles.Clinician);
        var cut = Open(ctx, study);
        cut.WaitForElement("[data-testid=break-glass]", Wait);

        await cut.Find("textarea").InputAsync(new ChangeEventArgs { Value = "too short" });
        await cut.Find("[data-testid=break-glass-submit]").ClickAsync(new());
        cut.WaitForElement("[data-testid=break-glass-error]", Wait);
        await cut.Find("textarea").InputAsync(new ChangeEventArgs { Value = "Acute neurology, the MR is not reported yet" });
        await cut.Find("[data-testid=break-glass-submit]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=viewer]")), Wait);
        Assert.Contains("DEMO, MR", cut.Find("[data-testid=overlay-top-left]").TextContent, StringComparison.Ordinal);
        var events = await AuditAsync(study.StudyInstanceUid);
        Assert.Equal([AuditActions.AccessDenied, AuditActions.BreakGlass, AuditActions.StudyOpened], events.Select(e => e.Action));
        Assert.Equal(("Acute neurology, the MR is not reported yet", true), (events[1].Detail, events[1].Emergency));
        Assert.Equal(("DEMO, MR", true), (events[2].PatientName, events[2].Emergency));
        Assert.Null((await Get<StudyLockService>().GetAsync(study)).HeldBy);
    }

    [Fact]
    public async Task Open_RadiologistTwiceInOneOpening_StudyOpenedAuditedOnce()
    {
        var study = await DemoMrOnWorklistAsync();
        await using var ctx = NewContext("radiologist", PacsRoles.Radiologist);

        var first = Open(ctx, study);
        first.WaitForAssertion(() => Assert.Single(first.FindAll("[data-testid=viewer]")), Wait);
        var second = Open(ctx, study); // the prerender and the circuit of one opening
        second.WaitForAssertion(() => Assert.Single(second.FindAll("[data-testid=viewer]")), Wait);

        var opened = Assert.Single(await AuditAsync(study.StudyInstanceUid), e => e.Action == AuditActions.StudyOpened);
        Assert.Equal(("radiologist", "Radiologist", false, "archive"), (opened.UserName, opened.UserRoles, opened.Emergency, opened.SourceName));
    }

    [Fact]
    public async Task Open_PriorWithoutAccessForClinician_PriorRefused()
    {
        var current = await DemoMrOnWorklistAsync();
        await Get<StudyAccessService>().BreakGlassAsync(Clinician, current.SourceName, current.StudyInstanceUid, "Comparison needed urgently");
        string? ct = null;
        await foreach (var s in demo.Archive.SearchStudiesAsync(new StudyQuery { PatientName = "DEMO^CT" }))
        {
            ct = s.GetFirstString(DicomTags.StudyInstanceUID);
        }
        await using var ctx = NewContext("clinician", PacsRoles.Clinician);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(ViewerLinks.WithPrior("archive", current.StudyInstanceUid, "archive", ct!));

        var cut = ctx.Render<ViewerPage>(p => p.Add(v => v.SourceId, "archive").Add(v => v.StudyInstanceUid, current.StudyInstanceUid));

        cut.WaitForElement("[data-testid=prior-error]", Wait);
        Assert.Equal("Your account may not open the prior study.", cut.Find("[data-testid=prior-error]").TextContent);
        Assert.Single(cut.FindAll("[data-testid=series-list]"));
    }
}
