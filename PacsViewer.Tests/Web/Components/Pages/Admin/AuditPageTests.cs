using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;
using PacsViewer.Tests.Core.Data;
using PacsViewer.Web.Components.Pages.Admin;
using PacsViewer.Web.Security;

namespace PacsViewer.Tests.Web.Components.Pages.Admin;

/// <summary>The audit page over the real <see cref="AuditQueryService"/> and audit log on a SQLite app database.</summary>
public sealed class AuditPageTests : AppDatabaseTestBase
{
    private const string Script = "<script>alert('x')</script>^EVIL";

    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private async Task SeedAsync()
    {
        var log = Get<IAuditLog>();
        await log.RecordAsync(new AuditEntry(AuditActions.StudyOpened)
        {
            UserName = "clinician", UserRoles = PacsRoles.Clinician, SourceName = "archive", StudyInstanceUid = "1.2.3", PatientId = "P1",
            PatientName = Script, ClientAddress = "127.0.0.1",
        });
        Clock.Advance(TimeSpan.FromMinutes(1));
        await log.RecordAsync(new AuditEntry(AuditActions.BreakGlass)
        {
            UserName = "clinician", UserRoles = PacsRoles.Clinician, SourceName = "pacs", StudyInstanceUid = "1.2.4", PatientId = "P2",
            Detail = "synthetic emergency", Emergency = true,
        });
        Clock.Advance(TimeSpan.FromMinutes(1));
    }

    private BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(Get<AuditQueryService>());
        ctx.Services.AddSingleton(new RequestAudit(Get<IAuditLog>(), new HttpContextAccessor()));
        ctx.AddAuthorization().SetAuthorized(AppSignIn.Admin).SetRoles(PacsRoles.Admin);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private static IReadOnlyList<(string Action, string Emergency)> Rows(IRenderedComponent<AuditPage> cut) =>
        cut.FindAll("[data-testid=audit-row]").Select(r => (r.GetAttribute("data-action")!, r.GetAttribute("data-emergency")!)).ToList();

    private Task<AuditSearchResult> ViewsAsync() =>
        Get<AuditQueryService>().SearchAsync(new AuditQuery { Actions = [AuditActions.AuditTrailViewed] });

    [Fact]
    public async Task Render_SeededEvents_NewestFirstEmergencyHighlightedAndTheViewIsAudited()
    {
        await SeedAsync();
        await using var ctx = NewContext();

        var cut = ctx.Render<AuditPage>();

        // The page's own view record is the newest row.
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=audit-row]").Count), TimeSpan.FromSeconds(30));
        Assert.Equal([(AuditActions.AuditTrailViewed, "false"), (AuditActions.BreakGlass, "true"), (AuditActions.StudyOpened, "false")], Rows(cut));
        var emergencyRow = cut.Find("[data-testid=audit-row][data-emergency=true]").ParentElement!;
        Assert.Contains("audit-emergency", emergencyRow.ClassName, StringComparison.Ordinal);
        var view = Assert.Single((await ViewsAsync()).Rows);
        Assert.Equal((AppSignIn.Admin, PacsRoles.Admin, "all events"), (view.UserName, view.UserRoles, view.Detail));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("Delete", StringComparison.OrdinalIgnoreCase)
            || b.TextContent.Contains("Edit", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ClickRow_PatientNameWithScript_DetailsShowItAsText()
    {
        await SeedAsync();
        await using var ctx = NewContext();
        var cut = ctx.Render<AuditPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=audit-row]").Count), TimeSpan.FromSeconds(30));

        await cut.Find($"[data-testid=audit-row][data-action={AuditActions.StudyOpened}]").ParentElement!.ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(Script, cut.Find("[data-testid=audit-detail-patient-name]").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(cut.FindAll("[data-testid=audit-details] script"));
        Assert.Contains("&lt;script&gt;", cut.Find("[data-testid=audit-detail-patient-name]").InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_PatientIdFilter_OnlyThatPatientsRowsExportLinksCarryTheFilterAndTheSearchIsAudited()
    {
        await SeedAsync();
        await using var ctx = NewContext();
        var cut = ctx.Render<AuditPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=audit-row]").Count), TimeSpan.FromSeconds(30));

        await cut.Find("[data-testid=audit-patient-id] input, input[data-testid=audit-patient-id]").InputAsync(new() { Value = "P2" });
        await cut.Find("[data-testid=audit-emergency] input, input[data-testid=audit-emergency]").ChangeAsync(new() { Value = true });
        await cut.Find("[data-testid=audit-filters]").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Equal([(AuditActions.BreakGlass, "true")], Rows(cut)), TimeSpan.FromSeconds(30));
        Assert.Equal("api/audit/export?format=dicom&patientId=P2&emergency=true", cut.Find("[data-testid=audit-export-dicom]").GetAttribute("href"));
        Assert.Equal("api/audit/export?format=fhir&patientId=P2&emergency=true", cut.Find("[data-testid=audit-export-fhir]").GetAttribute("href"));
        Assert.Equal(["patientId=P2; emergency=true", "all events"], (await ViewsAsync()).Rows.Select(r => r.Detail));
    }
}
