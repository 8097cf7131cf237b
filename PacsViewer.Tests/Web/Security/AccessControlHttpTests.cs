using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;
using PacsViewer.Web.Security;

namespace PacsViewer.Tests.Web.Security;

/// <summary>
/// Each role (and no sign-in) against each page and API over HTTP, with the status expected; the study endpoints'
/// access by role, Final report and break-glass, their audit records, and the security headers.
/// </summary>
public sealed class AccessControlHttpTests(AccessControlFixture fixture) : IClassFixture<AccessControlFixture>
{
    private const string Login = "login";
    private const string Denied = "denied";

    /// <summary>Path; then what anonymous, clinician, radiologist and admin get ("login"/"denied": a redirect there).</summary>
    public static TheoryData<string, string, string> Table()
    {
        var rows = new (string Path, string Anonymous, string Clinician, string Radiologist, string Admin)[]
        {
            ("/", Login, "200", "200", "200"),
            ("/studies", Login, "200", "200", "200"),
            ("/viewer/archive/{R}", Login, "200", "200", "200"),
            ("/viewer/archive/{U}", Login, "200", "200", "200"),
            ("/worklist", Login, Denied, "200", "200"),
            ("/patients", Login, "200", "200", "200"),
            ("/admin", Login, Denied, Denied, "200"),
            ("/admin/templates", Login, Denied, Denied, "200"),
            ("/api/sources", "401", "200", "200", "200"),
            ("/api/sources/archive/studies?patientName=ACCESS*", "401", "200", "200", "200"),
            ("/api/sources/archive/studies/{R}/model", "401", "200", "200", "200"),
            ("/api/sources/archive/studies/{U}/model", "401", "403", "200", "200"),
            ("/api/sources/archive/studies/{R}/series/{RS}/instances/{RI}/frames/1/rendered", "401", "200", "200", "200"),
            ("/api/sources/archive/studies/{U}/series/{US}/instances/{UI}/frames/1/rendered", "401", "403", "200", "200"),
            ("/api/sources/archive/studies/{U}/series/{US}/instances/{UI}/frames/1/stats", "401", "403", "200", "200"),
            ("/api/sources/archive/studies/{U}/series/{US}/instances/{UI}/thumbnail", "401", "403", "200", "200"),
            ("/api/sources/archive/studies/{U}/series/{US}/thumbnail", "401", "403", "200", "200"),
            ("/api/sources/archive/studies/{R}/series/{RS}/thumbnail", "401", "200", "200", "200"),
            ("/api/sources/archive/studies/{U}/series/{US}/instances/{UI}/sr", "401", "403", "404", "404"),
            ("/api/sources/archive/studies/{U}/series/{US}/instances/{UI}/pdf", "401", "403", "404", "404"),
        };
        var data = new TheoryData<string, string, string>();
        foreach (var row in rows)
        {
            data.Add(row.Path, "", row.Anonymous);
            data.Add(row.Path, AppSignIn.Clinician, row.Clinician);
            data.Add(row.Path, AppSignIn.Radiologist, row.Radiologist);
            data.Add(row.Path, AppSignIn.Admin, row.Admin);
        }
        return data;
    }

    private string Resolve(string path) => path
        .Replace("{RS}", fixture.Reported.Series, StringComparison.Ordinal).Replace("{RI}", fixture.Reported.Sop, StringComparison.Ordinal)
        .Replace("{US}", fixture.Unreported.Series, StringComparison.Ordinal).Replace("{UI}", fixture.Unreported.Sop, StringComparison.Ordinal)
        .Replace("{R}", fixture.Reported.Study, StringComparison.Ordinal).Replace("{U}", fixture.Unreported.Study, StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Get_EachRoleOnEachPageAndApi_ExpectedStatus(string path, string user, string expected)
    {
        using var client = await fixture.ClientAsync(user.Length == 0 ? null : user);

        using var response = await client.GetAsync(new Uri(Resolve(path), UriKind.Relative));

        var actual = response.StatusCode == HttpStatusCode.Redirect
            ? response.Headers.Location!.OriginalString.Split('?')[0] switch
            {
                "/account/login" or "http://localhost/account/login" => Login,
                "/account/access-denied" or "http://localhost/account/access-denied" => Denied,
                var other => "redirect to " + other,
            }
            : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/access-denied")]
    [InlineData("/app.css")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    public async Task Get_AccountPagesAndStaticAssetsSignedOut_200(string path)
    {
        using var client = await fixture.ClientAsync(null);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetViewer_ClinicianWithoutAccess_BreakGlassPanelAndNoPatientData()
    {
        using var client = await fixture.ClientAsync(AppSignIn.Clinician);

        var html = await client.GetStringAsync(new Uri(fixture.Unreported.Viewer, UriKind.Relative));

        Assert.Contains("data-testid=\"break-glass\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("UNREPORTED", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"viewer\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetViewer_ClinicianFinalReport_ShowsTheStudy()
    {
        using var client = await fixture.ClientAsync(AppSignIn.Clinician);

        var html = await client.GetStringAsync(new Uri(fixture.Reported.Viewer, UriKind.Relative));

        Assert.Contains("data-testid=\"viewer\"", html, StringComparison.Ordinal);
        Assert.Contains("ACCESS, REPORTED", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"break-glass\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFrames_ClinicianWithoutAccessManyTimes_403EachAuditedOnce()
    {
        var study = await fixture.StoreAsync("ACCESS^DENIED", "ACC-D");
        using var client = await fixture.ClientAsync(AppSignIn.Clinician);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync(new Uri(study.Instance("/frames/1/rendered"), UriKind.Relative));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Forbidden, s));
        var denied = Assert.Single(await AuditAsync(AuditActions.AccessDenied, study.Study));
        Assert.Equal(("clinician", AuditOutcome.MinorFailure, "archive", false), (denied.UserName, denied.Outcome, denied.SourceName, denied.Emergency));
    }

    [Fact]
    public async Task GetFrames_ClinicianUnderBreakGlass_200AndAuditedOnceAsEmergency()
    {
        var study = await fixture.StoreAsync("ACCESS^EMERGENCY", "ACC-E");
        using var client = await fixture.ClientAsync(AppSignIn.Clinician);
        using var before = await client.GetAsync(new Uri(study.Instance("/frames/1/rendered"), UriKind.Relative));
        await fixture.Factory.Services.GetRequiredService<StudyAccessService>()
            .BreakGlassAsync(ReportSeeder.User(AppSignIn.Clinician, PacsRoles.Clinician), "archive", study.Study, "Unconscious patient in the emergency room");

        using var first = await client.GetAsync(new Uri(study.Instance("/frames/1/rendered"), UriKind.Relative));
        using var second = await client.GetAsync(new Uri(study.Api("/model"), UriKind.Relative));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.OK), (before.StatusCode, first.StatusCode, second.StatusCode));
        var emergency = Assert.Single(await AuditAsync(AuditActions.StudyOpened, study.Study));
        Assert.Equal(("clinician", true), (emergency.UserName, emergency.Emergency));
        var grant = Assert.Single(await AuditAsync(AuditActions.BreakGlass, study.Study));
        Assert.Equal(("Unconscious patient in the emergency room", true), (grant.Detail, grant.Emergency));
    }

    [Fact]
    public async Task GetViewer_Radiologist_StudyOpenedAuditedWithPatient()
    {
        var study = await fixture.StoreAsync("ACCESS^OPENED", "ACC-O");
        using var client = await fixture.ClientAsync(AppSignIn.Radiologist);

        using var response = await client.GetAsync(new Uri(study.Viewer, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var opened = Assert.Single(await AuditAsync(AuditActions.StudyOpened, study.Study));
        Assert.Equal(("radiologist", "Radiologist", "ACC-O", "ACCESS, OPENED", false), (opened.UserName, opened.UserRoles, opened.PatientId, opened.PatientName, opened.Emergency));
    }

    [Fact]
    public async Task GetReportPdf_DraftOfAnotherRadiologist_NotReachableByTheOthers()
    {
        var seeder = new ReportSeeder(fixture.Factory.Services);
        var key = await seeder.AddStudyAsync(ReportSeeder.NewUid(), "ACCESS^DRAFT", "ACC-DR");
        var draft = await seeder.DraftAsync(key, "Secret draft findings 7731");
        using var clinician = await fixture.ClientAsync(AppSignIn.Clinician);
        using var other = await fixture.ClientAsync(AppSignIn.Radiologist2);

        var answers = new List<(HttpStatusCode, string)>();
        foreach (var (client, format) in new[] { (clinician, "pdf"), (clinician, "fhir"), (other, "pdf"), (other, "fhir"), (other, "sr") })
        {
            using var response = await client.GetAsync(new Uri($"/api/reports/{draft.Id:D}/{format}", UriKind.Relative));
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        // A clinician cannot tell a draft from an unknown id (404); another radiologist learns only that it is not Final (409).
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict],
            answers.Select(a => a.Item1));
        Assert.All(answers, a => Assert.DoesNotContain("7731", a.Item2, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/account/login", "")]
    [InlineData("/api/sources", "")]
    [InlineData("/studies", AppSignIn.Radiologist)]
    public async Task Get_AnyResponse_CarriesTheSecurityHeaders(string path, string user)
    {
        using var client = await fixture.ClientAsync(user.Length == 0 ? null : user);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.DoesNotContain("unsafe-inline", SecurityHeaders.ContentSecurityPolicy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)),
            StringComparison.Ordinal);
    }

    private async Task<List<AuditEvent>> AuditAsync(string action, string study)
    {
        await using var db = fixture.Factory.Services.GetRequiredService<PacsViewerDatabase>().CreateContext();
        return await db.AuditEvents.AsNoTracking().Where(e => e.Action == action && e.StudyInstanceUid == study).ToListAsync();
    }
}
