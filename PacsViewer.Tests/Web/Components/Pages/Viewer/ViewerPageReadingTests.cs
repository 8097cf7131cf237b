using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Reporting.Delivery;
using PacsViewer.Core.Security;
using PacsViewer.Core.Viewing;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Archive.Demo;
using PacsViewer.Tests.Core.Data;
using PacsViewer.Web.Components.Pages.Viewer;
using PacsViewer.Web.Reporting;
using PacsViewer.Web.Viewer;

namespace PacsViewer.Tests.Web.Components.Pages.Viewer;

/// <summary>The reading lock from the viewer: the demo CT on the worklist of a fresh SQLite app database.</summary>
public sealed class ViewerPageReadingTests(DemoArchiveFixture demo) : AppDatabaseTestBase, IClassFixture<DemoArchiveFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private BunitContext NewContext(string userName, string role)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddLogging();
        ctx.Services.AddSingleton(new StudySourceCatalog([demo.Archive]));
        ctx.Services.AddSingleton<StudyModelCache>();
        ctx.Services.AddSingleton(Get<ReportService>());
        ctx.Services.AddSingleton(Get<ReportTemplateService>());
        ctx.Services.AddSingleton(Get<ReportDeliveryQueue>());
        ctx.Services.AddSingleton(Get<StudyLockService>());
        ctx.Services.AddSingleton(Get<TimeProvider>());
        ctx.Services.AddSingleton(Get<IOptions<WorklistOptions>>());
        ctx.Services.AddSingleton(Options.Create(new ReportEditorOptions { AutosaveDelay = TimeSpan.FromHours(1) }));
        ctx.Services.AddSingleton<ReadingLockRegistry>();
        ctx.Services.AddSingleton<OpenReportDrafts>();
        ctx.Services.AddSingleton<ReadingCircuit>();
        ctx.AddViewerAccess(Get<StudyAccessService>(), Get<PacsViewer.Core.Audit.IAuditLog>(), userName, role);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private async Task<StudyKey> DemoCtOnWorklistAsync()
    {
        await foreach (var study in demo.Archive.SearchStudiesAsync(new StudyQuery { PatientName = "DEMO^CT" }))
        {
            return await AddStudyAsync(study.GetFirstString(DicomTags.StudyInstanceUID)!);
        }
        throw new InvalidOperationException("no demo CT");
    }

    private static IRenderedComponent<ViewerPage> Open(BunitContext ctx, StudyKey study) =>
        ctx.Render<ViewerPage>(p => p.Add(v => v.SourceId, study.SourceName).Add(v => v.StudyInstanceUid, study.StudyInstanceUid));

    [Fact]
    public async Task Open_AsRadiologist_ClaimsTheLockAndShowsTheEditor()
    {
        var study = await DemoCtOnWorklistAsync();
        await using var ctx = NewContext("radiologist", PacsRoles.Radiologist);

        var cut = Open(ctx, study);

        cut.WaitForAssertion(() => Assert.Equal("edit", cut.Find("[data-testid=report-panel]").GetAttribute("data-mode")), Wait);
        Assert.Equal("radiologist", (await Get<StudyLockService>().GetAsync(study)).HeldBy);
        Assert.Empty(cut.FindAll("[data-testid=report-locked]"));
        Assert.Equal(1, ctx.Services.GetRequiredService<ReadingLockRegistry>().Count(study, "radiologist"));
    }

    [Fact]
    public async Task Open_LockedByAnotherRadiologist_ReadOnlyNamingTheHolderAndSince()
    {
        var study = await DemoCtOnWorklistAsync();
        var claimed = await Get<StudyLockService>().ClaimAsync(study, "radiologist");
        await using var ctx = NewContext("radiologist2", PacsRoles.Radiologist);

        var cut = Open(ctx, study);

        cut.WaitForElement("[data-testid=report-locked]", Wait);
        var since = Clock.GetUtcNow().ToLocalTime().ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"Locked by radiologist since {since} — read-only", cut.Find("[data-testid=report-locked]").TextContent.Trim());
        Assert.Equal("read", cut.Find("[data-testid=report-panel]").GetAttribute("data-mode"));
        Assert.Empty(cut.FindAll("textarea[data-testid^=report-section-]"));
        Assert.True(claimed.Acquired);
        Assert.Equal("radiologist", (await Get<StudyLockService>().GetAsync(study)).HeldBy);
    }

    [Fact]
    public async Task Open_AsClinician_NeverClaims()
    {
        var study = await DemoCtOnWorklistAsync();
        // No Final report: the clinician sees the study only under break-glass.
        await Get<StudyAccessService>().BreakGlassAsync(Clinician, study.SourceName, study.StudyInstanceUid, "Emergency review of the CT");
        await using var ctx = NewContext("clinician", PacsRoles.Clinician);

        var cut = Open(ctx, study);

        cut.WaitForElement("[data-testid=report-none]", Wait);
        Assert.Equal("No final report yet.", cut.Find("[data-testid=report-none]").TextContent);
        Assert.Null((await Get<StudyLockService>().GetAsync(study)).HeldBy);
    }
}
