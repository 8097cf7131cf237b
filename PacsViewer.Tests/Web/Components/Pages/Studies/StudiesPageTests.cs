using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;
using System.Security.Claims;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Viewing;
using PacsViewer.Tests.Core.Archive.Demo;
using PacsViewer.Tests.Core.Audit;
using PacsViewer.Web.Components.Pages.Studies;
using PacsViewer.Web.Viewer;

namespace PacsViewer.Tests.Web.Components.Pages.Studies;

/// <summary>The study list over a real built-in archive seeded with the demo studies.</summary>
public sealed class StudiesPageTests(DemoArchiveFixture demo) : IClassFixture<DemoArchiveFixture>
{
    private BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(new StudySourceCatalog([demo.Archive]));
        ctx.Services.AddSingleton(NullLogger<StudyListService>.Instance);
        ctx.Services.AddSingleton<IAuditLog>(new RecordingAuditLog());
        ctx.Services.AddSingleton<StudyListService>();
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    [Fact]
    public async Task Render_NoSearchYet_ListsEveryDemoStudyAsWorklistRows()
    {
        await using var ctx = NewContext();

        var cut = ctx.Render<StudiesPage>();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=worklist-row]").Count), TimeSpan.FromSeconds(30));
        var patients = cut.FindAll("[data-testid=worklist-row] td:first-child").Select(td => td.TextContent).Order(StringComparer.Ordinal);
        Assert.Equal(["DEMO, CR", "DEMO, CT", "DEMO, MR", "DEMO, US"], patients);
    }

    [Fact]
    public async Task Search_PatientNamePrefix_ListsOnlyThatStudyAndClickOpensViewer()
    {
        await using var ctx = NewContext();
        var cut = ctx.Render<StudiesPage>();
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=worklist-row]").Count), TimeSpan.FromSeconds(30));

        await cut.Find("input[data-testid=search-patient-name], [data-testid=search-patient-name] input").InputAsync(new() { Value = "demo^c" });
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=worklist-row]").Count), TimeSpan.FromSeconds(30));
        var ct = cut.FindAll("[data-testid=worklist-row]").Single(r => r.TextContent.Contains("DEMO, CT", StringComparison.Ordinal));
        var uid = ct.GetAttribute("data-study");
        await ct.ClickAsync(new());
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        Assert.EndsWith($"/viewer/archive/{uid}", navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void ToQuery_Form_NamePrefixedDatesAndUpperCaseModality()
    {
        var query = StudyListService.ToQuery(new StudySearchForm
        {
            PatientName = " DOE ",
            PatientId = "P1",
            Modality = "ct",
            From = new DateTime(2026, 1, 2),
            To = new DateTime(2026, 3, 4),
            AccessionNumber = "  ",
        });

        Assert.Equal("DOE*", query.PatientName);
        Assert.Equal("P1", query.PatientId);
        Assert.Equal("CT", query.Modality);
        Assert.Equal(new DateOnly(2026, 1, 2), query.StudyDateFrom);
        Assert.Equal(new DateOnly(2026, 3, 4), query.StudyDateTo);
        Assert.Null(query.AccessionNumber);
        Assert.Equal("D?E*", StudyListService.ToQuery(new StudySearchForm { PatientName = "D?E*" }).PatientName);
    }

    [Fact]
    public async Task SearchAsync_ModalityNotInAnyStudy_NoRowsNoErrors()
    {
        var service = new StudyListService(new StudySourceCatalog([demo.Archive]), new RecordingAuditLog(), NullLogger<StudyListService>.Instance);

        var result = await service.SearchAsync(new StudySearchForm { Modality = "NM" }, new ClaimsPrincipal(), CancellationToken.None);

        Assert.Empty(result.Rows);
        Assert.Empty(result.Errors);
        var mr = await service.SearchAsync(new StudySearchForm { Modality = "MR" }, new ClaimsPrincipal(), CancellationToken.None);
        Assert.Equal("DEMO, MR", Assert.Single(mr.Rows).Study.PatientName);
        Assert.Equal("archive", mr.Rows[0].SourceId);
    }

    [Fact]
    public async Task SearchAsync_UnreachableDicomWebSource_ReportsItAndStillListsArchive()
    {
        // A DICOMweb source on a loopback port nobody listens on: the search fails fast with a connection error.
        var port = PacsViewer.Tests.Fixtures.LoopbackPort.Free();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/dicom-web/"), Timeout = TimeSpan.FromSeconds(10) };
        var unreachable = new DicomWebStudySource("down-pacs", () => http);
        var service = new StudyListService(new StudySourceCatalog([demo.Archive, unreachable]), new RecordingAuditLog(), NullLogger<StudyListService>.Instance);

        var result = await service.SearchAsync(new StudySearchForm { PatientName = "DEMO^CT" }, new ClaimsPrincipal(), CancellationToken.None);

        Assert.Equal("DEMO, CT", Assert.Single(result.Rows).Study.PatientName);
        Assert.StartsWith("down-pacs:", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_SignedInUserTwoSources_OneQueryRecordPerSourceWithKeysAndOutcome()
    {
        var port = PacsViewer.Tests.Fixtures.LoopbackPort.Free();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/dicom-web/"), Timeout = TimeSpan.FromSeconds(10) };
        var audit = new RecordingAuditLog();
        var service = new StudyListService(new StudySourceCatalog([demo.Archive, new DicomWebStudySource("down-pacs", () => http)]), audit,
            NullLogger<StudyListService>.Instance);
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "clinician"), new Claim(ClaimTypes.Role, "Clinician")], "test"));

        await service.SearchAsync(new StudySearchForm { PatientName = "DEMO^CT", PatientId = "DEMO-CT", Modality = "ct" }, user, CancellationToken.None);

        var rows = audit.Rows.OrderBy(r => r.SourceName, StringComparer.Ordinal).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.Equal((AuditActions.PacsQuery, "clinician", "Clinician", "DEMO-CT"), (r.Action, r.UserName, r.UserRoles, r.PatientId)));
        Assert.Equal(("archive", AuditOutcome.Success), (rows[0].SourceName, rows[0].Outcome));
        Assert.Equal("PatientName=DEMO^CT*; PatientID=DEMO-CT; Modality=CT; 1 studies", rows[0].Detail);
        Assert.Equal(("down-pacs", AuditOutcome.SeriousFailure), (rows[1].SourceName, rows[1].Outcome));
        Assert.StartsWith("PatientName=DEMO^CT*; PatientID=DEMO-CT; Modality=CT; failed: down-pacs:", rows[1].Detail, StringComparison.Ordinal);
    }
}
