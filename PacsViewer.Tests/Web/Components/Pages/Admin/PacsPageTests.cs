using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;
using PacsViewer.Core.Viewing;
using PacsViewer.Tests.Fixtures;
using PacsViewer.Tests.Web.Health;
using PacsViewer.Web.Components.Pages.Admin;
using PacsViewer.Web.Security;

namespace PacsViewer.Tests.Web.Components.Pages.Admin;

/// <summary>
/// The PACS connections screen over the app's real services (the running test app: its database, catalog and audit
/// log), with Orthanc as the peer: add through the form, test, disable, and two admins editing one connection.
/// </summary>
[Collection(OrthancCollection.Name)]
public sealed class PacsPageTests(OrthancFixture orthanc) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly PacsConnectionsWebApplicationFactory _app = new(orthanc.Server);

    public void Dispose() => _app.Dispose();

    private PacsConnectionService Connections => _app.Services.GetRequiredService<PacsConnectionService>();

    private BunitContext NewContext(string role = PacsRoles.Admin)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(Connections);
        ctx.Services.AddSingleton(new RequestAudit(_app.Services.GetRequiredService<IAuditLog>(), new HttpContextAccessor()));
        ctx.AddAuthorization().SetAuthorized("admin").SetRoles(role);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private static Task TypeAsync(IRenderedComponent<PacsPage> cut, string testId, string value) =>
        cut.Find($"[data-testid={testId}] input, input[data-testid={testId}]").InputAsync(new() { Value = value });

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<PacsPage> cut, string name) =>
        cut.FindAll("[data-testid=pacs-row]").Single(r => r.GetAttribute("data-name") == name);

    private async Task<List<AuditEvent>> AuditAsync(string name)
    {
        await using var db = _app.Services.GetRequiredService<PacsViewerDatabase>().CreateContext();
        return await db.AuditEvents.AsNoTracking().Where(e => e.ObjectId == name).OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task SaveThenTest_NewDicomWebConnection_ListedUsableTestedAndAudited()
    {
        await using var ctx = NewContext();
        var cut = ctx.Render<PacsPage>();
        cut.WaitForElement("[data-testid=pacs-row]", Wait);
        Assert.Equal("from configuration", Row(cut, PacsConnectionsWebApplicationFactory.ConfiguredName).QuerySelector("[data-testid=pacs-row-origin]")!.TextContent);
        Assert.Null(Row(cut, PacsConnectionsWebApplicationFactory.ConfiguredName).QuerySelector("[data-testid=pacs-edit]"));

        await cut.Find("[data-testid=pacs-new]").ClickAsync(new());
        await TypeAsync(cut, "pacs-name", "screen-web");
        await TypeAsync(cut, "pacs-url", orthanc.Server.DicomWebRoot.ToString());
        await TypeAsync(cut, "pacs-username", "viewer");
        await TypeAsync(cut, "pacs-password", "Synthetic-Screen-Secret-9");
        await cut.Find("[data-testid=pacs-editor] form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Equal("database", Row(cut, "screen-web").QuerySelector("[data-testid=pacs-row-origin]")!.TextContent), Wait);
        Assert.Empty(cut.FindAll("[data-testid=pacs-editor]"));
        Assert.Equal(orthanc.Server.DicomWebRoot.ToString(), Row(cut, "screen-web").QuerySelector("[data-testid=pacs-row-address]")!.TextContent);
        Assert.True(_app.Services.GetRequiredService<StudySourceCatalog>().TryGet("screen-web", out _));

        await Row(cut, "screen-web").QuerySelector("[data-testid=pacs-test]")!.ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=pacs-test-result]").GetAttribute("data-success")), Wait);
        Assert.Matches(@"screen-web: OK in \d+ ms \(QIDO-RS answered HTTP 200\)", cut.Find("[data-testid=pacs-test-result]").TextContent);
        Assert.StartsWith("screen-web: OK in", Row(cut, "screen-web").QuerySelector("[data-testid=pacs-row-last-test]")!.TextContent, StringComparison.Ordinal);
        var audit = Assert.Single(await AuditAsync("screen-web"));
        Assert.Equal((AuditActions.ConfigurationChanged, PacsPage.AuditObjectType, "admin"), (audit.Action, audit.ObjectType, audit.UserName));
        Assert.Equal($"created DicomWeb connection {orthanc.Server.DicomWebRoot}, with credentials", audit.Detail);
        Assert.DoesNotContain("Synthetic-Screen-Secret-9", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_SecondAdminSavedFirst_ShowsChangedBySomeoneElse()
    {
        await Connections.SaveAsync(new PacsConnectionEdit
        {
            Name = "contended", Kind = PacsSourceKind.Dimse, AeTitle = orthanc.Server.AeTitle, Host = "127.0.0.1", Port = orthanc.Server.DicomPort,
        }, "admin");
        await using var ctx = NewContext();
        var cut = ctx.Render<PacsPage>();
        cut.WaitForElement("[data-testid=pacs-row][data-name=contended]", Wait);

        await Row(cut, "contended").QuerySelector("[data-testid=pacs-edit]")!.ClickAsync(new());
        cut.WaitForElement("[data-testid=pacs-editor]", Wait);
        // Another admin saves the same connection meanwhile.
        var other = await Connections.GetAsync("contended");
        other.Retries = 4;
        await Connections.SaveAsync(other, "admin2");
        await TypeAsync(cut, "pacs-host", "localhost");
        await cut.Find("[data-testid=pacs-editor] form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains("changed by someone else", cut.Find("[data-testid=pacs-error]").TextContent, StringComparison.Ordinal), Wait);
        var stored = await Connections.GetAsync("contended");
        Assert.Equal(("127.0.0.1", 4), (stored.Host, stored.Retries));
        Assert.Empty(await AuditAsync("contended")); // the refused save is not recorded as a change
    }

    [Fact]
    public async Task Disable_DatabaseConnection_LeavesCatalogAndIsAudited()
    {
        await Connections.SaveAsync(new PacsConnectionEdit
        {
            Name = "switched", Kind = PacsSourceKind.Dimse, AeTitle = orthanc.Server.AeTitle, Host = "127.0.0.1", Port = orthanc.Server.DicomPort,
        }, "admin");
        await using var ctx = NewContext();
        var cut = ctx.Render<PacsPage>();
        cut.WaitForElement("[data-testid=pacs-row][data-name=switched]", Wait);

        await Row(cut, "switched").QuerySelector("[data-testid=pacs-toggle]")!.ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("no", Row(cut, "switched").QuerySelector("[data-testid=pacs-row-enabled]")!.TextContent), Wait);
        Assert.False(_app.Services.GetRequiredService<StudySourceCatalog>().TryGet("switched", out _));
        Assert.Equal("disabled", Assert.Single(await AuditAsync("switched")).Detail);
    }

    [Fact]
    public async Task Save_SignedInAsClinician_RefusedAndNothingStored()
    {
        await using var ctx = NewContext(PacsRoles.Clinician);
        var cut = ctx.Render<PacsPage>();
        cut.WaitForElement("[data-testid=pacs-row]", Wait);

        await cut.Find("[data-testid=pacs-new]").ClickAsync(new());
        await TypeAsync(cut, "pacs-name", "not-allowed");
        await TypeAsync(cut, "pacs-url", orthanc.Server.DicomWebRoot.ToString());
        await cut.Find("[data-testid=pacs-editor] form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains("Only an admin can manage PACS connections.", cut.Find("[data-testid=pacs-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain(await Connections.ListAsync(), c => c.Name == "not-allowed");
        Assert.Empty(await AuditAsync("not-allowed"));
    }
}
