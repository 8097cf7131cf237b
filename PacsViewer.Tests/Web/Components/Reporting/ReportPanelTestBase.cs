using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Reporting.Delivery;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Data;
using PacsViewer.Web.Components.Reporting;
using PacsViewer.Web.Reporting;

namespace PacsViewer.Tests.Web.Components.Reporting;

/// <summary>
/// The report panel rendered by bUnit over the real reporting services on a fresh SQLite app database. The autosave
/// timer is set to an hour, so text reaches the database only through the paths under test (connection drop,
/// disposal, signing), never by a timer racing the assertions.
/// </summary>
public abstract class ReportPanelTestBase : AppDatabaseTestBase
{
    protected const string StudyUid = "1.2.826.0.7.42";

    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    protected StudyKey Study { get; } = new(Source, StudyUid);

    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    protected BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddLogging();
        ctx.Services.AddSingleton(Get<ReportService>());
        ctx.Services.AddSingleton(Get<ReportTemplateService>());
        ctx.Services.AddSingleton(Get<ReportDeliveryQueue>());
        ctx.Services.AddSingleton(Get<StudyLockService>());
        ctx.Services.AddSingleton(Get<TimeProvider>());
        ctx.Services.AddSingleton(Options.Create(new ReportEditorOptions { AutosaveDelay = TimeSpan.FromHours(1), RetryDelay = TimeSpan.FromHours(1) }));
        ctx.Services.AddSingleton<OpenReportDrafts>();
        ctx.Services.AddSingleton<ReadingCircuit>();
        return ctx;
    }

    protected static IRenderedComponent<ReportPanel> RenderPanel(BunitContext ctx, StudyKey study, ClaimsPrincipal user, ReadingAccess access,
        IReadOnlyList<string>? measurements = null) =>
        ctx.Render<ReportPanel>(p => p
            .Add(x => x.Study, study)
            .Add(x => x.User, user)
            .Add(x => x.Access, access)
            .Add(x => x.Modalities, ["CT"])
            .Add(x => x.Measurements, measurements ?? []));

    /// <summary>The panel as the lock holder sees it, once its editor is up.</summary>
    protected static IRenderedComponent<ReportPanel> RenderEditor(BunitContext ctx, StudyKey study, ClaimsPrincipal user,
        IReadOnlyList<string>? measurements = null)
    {
        var cut = RenderPanel(ctx, study, user, ReadingAccess.Editor, measurements);
        cut.WaitForElement("[data-testid=report-section-findings]", Wait);
        return cut;
    }

    protected static string Findings(IRenderedComponent<ReportPanel> cut) =>
        cut.Find("[data-testid=report-section-findings]").GetAttribute("value") ?? "";

    protected async Task<ReportView> StoredAsync() =>
        await Get<ReportService>().GetForStudyAsync(Study, Radiologist) ?? throw new InvalidOperationException("no report stored");
}
