using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Data;
using PacsViewer.Web.Components.Pages.Patients;
using PacsViewer.Web.Security;

namespace PacsViewer.Tests.Web.Components.Pages.Patients;

/// <summary>
/// The ward search over a real SQLite app database: worklist entries of three synthetic patients with reports in each
/// state, taken through the real ReportService; the page rendered for a clinician and for a radiologist.
/// </summary>
public sealed class PatientsPageTests : AppDatabaseTestBase
{
    private const string FinalFindings = "Synthetic final finding: clear lungs.";
    private const string AmendedFindings = "Synthetic amended finding: small effusion.";
    private const string AddendumText = "Synthetic addendum: effusion resolved on review.";
    private const string DraftFindings = "Synthetic draft words a clinician must never see.";

    private StudyKey _final = null!;
    private StudyKey _draft = null!;
    private StudyKey _amended = null!;
    private StudyKey _unread = null!;
    private Guid _finalReport;

    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private async Task SeedAsync()
    {
        _final = await AddStudyAsync("2.25.9001", "DOE^JANE", "P1", "20240301", "CR", description: "CHEST PA", birthDate: "19700102");
        _draft = await AddStudyAsync("2.25.9002", "DOE^JANE", "P1", "20240410", "CT", description: "CT CHEST", birthDate: "19700102");
        _amended = await AddStudyAsync("2.25.9003", "DOE^JANE", "P1", "20230105", "US", description: "US ABDOMEN", birthDate: "19700102");
        _unread = await AddStudyAsync("2.25.9004", "DOEBERT^ANN", "P2", "20240501", "MR", description: "MR KNEE", birthDate: "19800101");
        await AddStudyAsync("2.25.9005", "SMITH^JO", "P3", "20240502", "CT", birthDate: "19700102");
        var reports = Get<ReportService>();
        _finalReport = await SignFinalAsync(reports, _final, FinalFindings);
        var amended = await SignFinalAsync(reports, _amended, AmendedFindings);
        await reports.AddAddendumAsync(amended, AddendumText, Password, Radiologist);
        var draft = await reports.OpenForEditingAsync(_draft, Radiologist);
        await reports.SaveAsync(draft.Id, draft.RowVersion, new ReportContent("", "", "", DraftFindings, ""), Radiologist);
    }

    private static async Task<Guid> SignFinalAsync(ReportService reports, StudyKey study, string findings)
    {
        var draft = await reports.OpenForEditingAsync(study, Radiologist);
        var v = await reports.SaveAsync(draft.Id, draft.RowVersion, new ReportContent("Synthetic question.", "", "", findings, "Synthetic impression."),
            Radiologist);
        await reports.SignAsync(draft.Id, v, ReportStatus.Final, Password, Radiologist);
        return draft.Id;
    }

    private BunitContext NewContext(string userName, string role)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(Get<WorklistService>());
        ctx.Services.AddSingleton(Get<ReportService>());
        ctx.Services.AddSingleton(new RequestAudit(Get<IAuditLog>(), new HttpContextAccessor()));
        ctx.AddAuthorization().SetAuthorized(userName).SetRoles(role);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private static async Task SearchAsync(IRenderedComponent<PatientsPage> cut, string? name = null, string? id = null, string? birthDate = null)
    {
        if (name is not null)
        {
            await cut.Find("[data-testid=patient-search-name] input, input[data-testid=patient-search-name]").InputAsync(new() { Value = name });
        }
        if (id is not null)
        {
            await cut.Find("[data-testid=patient-search-id] input, input[data-testid=patient-search-id]").InputAsync(new() { Value = id });
        }
        if (birthDate is not null)
        {
            await cut.Find("[data-testid=patient-search-birth-date] input, input[data-testid=patient-search-birth-date]").ChangeAsync(new() { Value = birthDate });
        }
        await cut.Find("form").SubmitAsync();
    }

    private static IReadOnlyList<(string Uid, string Status)> Rows(IRenderedComponent<PatientsPage> cut) =>
        cut.FindAll("[data-testid=patient-study-row]")
            .Select(r => (r.GetAttribute("data-study")!, r.QuerySelector("[data-testid=report-status]")!.TextContent.Trim())).ToList();

    [Fact]
    public async Task Search_ClinicianNamePrefixLowerCase_GroupsByPatientWithClinicianStatusesAndNoDraftText()
    {
        await SeedAsync();
        await using var ctx = NewContext(AppSignIn.Clinician, PacsRoles.Clinician);
        var cut = ctx.Render<PatientsPage>();

        await SearchAsync(cut, name: "doe");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=patient-group]").Count), TimeSpan.FromSeconds(30));
        Assert.Equal(["DOEBERT, ANN", "DOE, JANE"], cut.FindAll("[data-testid=patient-name]").Select(e => e.TextContent.Trim()));
        Assert.Equal(
            [("2.25.9004", "Not reported yet"), ("2.25.9002", "Not reported yet"), ("2.25.9001", "Final"), ("2.25.9003", "Amended")],
            Rows(cut));
        Assert.DoesNotContain("Synthetic draft", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("SMITH", cut.Markup, StringComparison.Ordinal);
        // Only studies with a Final report offer it; every study opens in the viewer.
        Assert.Equal(2, cut.FindAll("[data-testid=toggle-report]").Count);
        Assert.Equal("viewer/archive/2.25.9002",
            cut.Find("[data-study='2.25.9002'] [data-testid=open-study]").GetAttribute("href"));
    }

    [Fact]
    public async Task Search_ClinicianByIdAndBirthDate_AuditsOneWorklistQueryWithTheKeysAndCount()
    {
        await SeedAsync();
        await using var ctx = NewContext(AppSignIn.Clinician, PacsRoles.Clinician);
        var cut = ctx.Render<PatientsPage>();

        await SearchAsync(cut, id: "P1", birthDate: "1970-01-02");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=patient-group]")), TimeSpan.FromSeconds(30));
        var found = await Get<AuditQueryService>().SearchAsync(new AuditQuery { Actions = [AuditActions.PacsQuery] });
        var row = Assert.Single(found.Rows);
        Assert.Equal((AuditOutcome.Success, AppSignIn.Clinician, PacsRoles.Clinician, PatientsPage.WorklistSource, "P1"),
            (row.Outcome, row.UserName, row.UserRoles, row.SourceName, row.PatientId));
        Assert.Equal("PatientID=P1; PatientBirthDate=19700102; 3 studies", row.Detail);
    }

    [Fact]
    public async Task Search_FamilyCommaGiven_MatchesOnlyThatPatient()
    {
        await SeedAsync();
        await using var ctx = NewContext(AppSignIn.Clinician, PacsRoles.Clinician);
        var cut = ctx.Render<PatientsPage>();

        await SearchAsync(cut, name: "Doe, Ja");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=patient-group]")), TimeSpan.FromSeconds(30));
        Assert.Equal("P1", cut.Find("[data-testid=patient-group]").GetAttribute("data-patient-id"));
        Assert.Contains("born 1970-01-02", cut.Find("[data-testid=patient-details]").TextContent, StringComparison.Ordinal);
        Assert.Equal(3, Rows(cut).Count);
    }

    [Fact]
    public async Task Search_PatientId_ListsOnlyThatPatientsStudies()
    {
        await SeedAsync();
        await using var ctx = NewContext(AppSignIn.Clinician, PacsRoles.Clinician);
        var cut = ctx.Render<PatientsPage>();

        await SearchAsync(cut, id: "P2");

        cut.WaitForAssertion(() => Assert.Equal([("2.25.9004", "Not reported yet")], Rows(cut)), TimeSpan.FromSeconds(30));
        Assert.Equal("DOEBERT, ANN", cut.Find("[data-testid=patient-name]").TextContent.Trim());
    }

    [Fact]
    public async Task Search_BirthDate_ListsEveryPatientBornThatDay()
    {
        await SeedAsync();
        await using var ctx = NewContext(AppSignIn.Clinician, PacsRoles.Clinician);
        var cut = ctx.Render<PatientsPage>();

        await SearchAsync(cut, birthDate: "1970-01-02");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=patient-group]").Count), TimeSpan.FromSeconds(30));
        Assert.Equal(["P3", "P1"], cut.FindAll("[data-testid=patient-group]").Select(g => g.GetAttribute("data-patient-id")));
    }

    [Fact]
    public async Task Search_NothingGiven_AsksForAKeyAndListsNothing()
    {
        await SeedAsync();
        await using var ctx = NewContext(AppSignIn.Clinician, PacsRoles.Clinician);
        var cut = ctx.Render<PatientsPage>();

        await SearchAsync(cut);

        Assert.Equal("Give a patient name, ID or birth date to search.", cut.Find("[data-testid=patient-search-error]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=patient-study-row]"));
    }

    [Fact]
    public async Task ShowReport_ClinicianFinalAndAmended_ShowsTextAddendumAndPdfLink()
    {
        await SeedAsync();
        await using var ctx = NewContext(AppSignIn.Clinician, PacsRoles.Clinician);
        var cut = ctx.Render<PatientsPage>();
        await SearchAsync(cut, id: "P1");
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count), TimeSpan.FromSeconds(30));

        await cut.Find("[data-study='2.25.9001'] [data-testid=toggle-report]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains(FinalFindings, cut.Find("[data-testid=report-text]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        Assert.Equal($"api/reports/{_finalReport:D}/pdf", cut.Find("[data-testid=report-pdf]").GetAttribute("href"));
        Assert.Equal("true", cut.Find("[data-study='2.25.9001'] [data-testid=toggle-report]").GetAttribute("aria-expanded"));

        await cut.Find("[data-study='2.25.9003'] [data-testid=toggle-report]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=report-text]").Count), TimeSpan.FromSeconds(30));
        var amended = cut.FindAll("[data-testid=report-text]")[1];
        Assert.Contains(AmendedFindings, amended.TextContent, StringComparison.Ordinal);
        Assert.Contains(AddendumText, amended.QuerySelector("[data-testid=report-addendum]")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("AMENDED", amended.QuerySelector("[data-testid=report-signed]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("Synthetic draft", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_Radiologist_SeesReadingStatusOfUnsignedStudies()
    {
        await SeedAsync();
        await using var ctx = NewContext(AppSignIn.Radiologist, PacsRoles.Radiologist);
        var cut = ctx.Render<PatientsPage>();

        await SearchAsync(cut, name: "DOE^");

        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count), TimeSpan.FromSeconds(30));
        Assert.Equal([("2.25.9002", "In progress"), ("2.25.9001", "Final"), ("2.25.9003", "Amended")], Rows(cut));
    }

    [Fact]
    public async Task Render_PatientNameWithMarkup_StaysText()
    {
        await AddStudyAsync("2.25.9010", "<script>alert(1)</script>^X", "P9");
        await using var ctx = NewContext(AppSignIn.Clinician, PacsRoles.Clinician);
        var cut = ctx.Render<PatientsPage>();

        await SearchAsync(cut, id: "P9");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=patient-group]")), TimeSpan.FromSeconds(30));
        Assert.Empty(cut.FindAll("[data-testid=patient-group] script"));
        Assert.Equal("<script>alert(1)</script>, X", cut.Find("[data-testid=patient-name]").TextContent.Trim());
    }
}
