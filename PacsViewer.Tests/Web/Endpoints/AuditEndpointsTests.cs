using System.Net;
using System.Xml.Linq;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Audit;
using Bundle = Hl7.Fhir.Model.Bundle;
using FhirAuditEvent = Hl7.Fhir.Model.AuditEvent;

namespace PacsViewer.Tests.Web.Endpoints;

/// <summary>
/// The audit export over HTTP against the real app, each role signed in through the login page: only admins export,
/// the export is audited, the filters apply, and no HTTP method changes or deletes an audit event.
/// </summary>
public sealed class AuditEndpointsTests(PacsViewerWebApplicationFactory factory) : IClassFixture<PacsViewerWebApplicationFactory>
{
    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = factory.CreateClient();
        await AppSignIn.SignInAsync(client, user);
        return client;
    }

    private IAuditLog Log => factory.Services.GetRequiredService<IAuditLog>();

    private AuditQueryService Queries => factory.Services.GetRequiredService<AuditQueryService>();

    /// <summary>Two events of a patient id unique to the test: a study opened and an emergency access.</summary>
    private async Task<string> SeedAsync()
    {
        var patientId = "PV-AUD-" + Guid.NewGuid().ToString("N")[..8];
        await Log.RecordAsync(new AuditEntry(AuditActions.StudyOpened)
        {
            UserName = "clinician", UserRoles = "Clinician", SourceName = "archive", StudyInstanceUid = "1.2.826.0.1.77", PatientId = patientId,
            PatientName = "AUDIT^SYNTHETIC",
        });
        await Log.RecordAsync(new AuditEntry(AuditActions.BreakGlass)
        {
            UserName = "clinician", UserRoles = "Clinician", SourceName = "archive", StudyInstanceUid = "1.2.826.0.1.78", PatientId = patientId,
            Detail = "synthetic emergency", Emergency = true,
        });
        return patientId;
    }

    [Fact]
    public async Task ExportDicom_AdminFilteredByPatient_XmlWithThatPatientsMessagesNewestFirst()
    {
        var patientId = await SeedAsync();
        using var client = await SignedInAsync(AppSignIn.Admin);

        using var response = await client.GetAsync(new Uri($"/api/audit/export?format=dicom&patientId={patientId}", UriKind.Relative));
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var messages = document.Root!.Elements("AuditMessage").ToArray();
        Assert.Equal(["110113", "110103"], messages.Select(m => m.Element("EventIdentification")!.Element("EventID")!.Attribute("csd-code")!.Value));
        Assert.All(messages, m => Assert.Contains(m.Elements("ParticipantObjectIdentification"),
            o => o.Attribute("ParticipantObjectID")?.Value == patientId && o.Attribute("ParticipantObjectTypeCode")?.Value == "1"));
    }

    [Fact]
    public async Task ExportFhir_AdminEmergencyOnly_BundleOfTheBreakGlassEventAndTheExportIsAudited()
    {
        var patientId = await SeedAsync();
        using var client = await SignedInAsync(AppSignIn.Admin);

        using var response = await client.GetAsync(new Uri($"/api/audit/export?format=fhir&patientId={patientId}&emergency=true", UriKind.Relative));
        var bundle = new FhirJsonDeserializer().Deserialize<Bundle>(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var audit = Assert.IsType<FhirAuditEvent>(Assert.Single(bundle.Entry!).Resource);
        Assert.Equal(("110113", "110127"), (audit.Type!.Code, audit.Subtype![0].Code));
        var exports = await Queries.SearchAsync(new AuditQuery { Actions = [AuditActions.AuditTrailExported], UserName = AppSignIn.Admin });
        Assert.Contains(exports.Rows, r => r.ObjectId == "fhir" && r.Detail == $"patientId={patientId}; emergency=true" && r.UserRoles == "Admin");
    }

    [Theory]
    [InlineData(AppSignIn.Clinician)]
    [InlineData(AppSignIn.Radiologist)]
    public async Task Export_NotAnAdmin_Returns403AndNothingExported(string user)
    {
        using var client = await SignedInAsync(user);

        using var response = await client.GetAsync(new Uri("/api/audit/export?format=dicom", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var exports = await Queries.SearchAsync(new AuditQuery { Actions = [AuditActions.AuditTrailExported], UserName = user });
        Assert.Equal(0, exports.Total);
    }

    [Fact]
    public async Task Export_SignedOut_Returns401()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/audit/export?format=fhir", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("format=csv", "format")]
    [InlineData("format=dicom&from=yesterday", "from")]
    [InlineData("format=dicom&action=Nothing", "action")]
    [InlineData("format=dicom&outcome=7", "outcome")]
    [InlineData("format=dicom&from=2026-11-29&to=2026-11-28", "to")]
    public async Task Export_BadParameter_Returns400NamingIt(string query, string parameter)
    {
        using var client = await SignedInAsync(AppSignIn.Admin);

        using var response = await client.GetAsync(new Uri("/api/audit/export?" + query, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"Invalid parameter '{parameter}'", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DELETE", "/api/audit/export")]
    [InlineData("PUT", "/api/audit/export")]
    [InlineData("POST", "/api/audit/export")]
    [InlineData("DELETE", "/api/audit/1")]
    [InlineData("PUT", "/api/audit/1")]
    [InlineData("PATCH", "/api/audit/1")]
    [InlineData("DELETE", "/api/audit")]
    public async Task AnyChangeMethod_Admin_NoSuchEndpointAndTheTrailIsUnchanged(string method, string path)
    {
        var patientId = await SeedAsync();
        using var client = await SignedInAsync(AppSignIn.Admin);
        var before = await Queries.SearchAsync(new AuditQuery { PatientId = patientId });

        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await client.SendAsync(request);

        // 404 or 405 from routing; a POST may meet the components endpoint's antiforgery check first (400). Never a success.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed, HttpStatusCode.BadRequest });
        var after = await Queries.SearchAsync(new AuditQuery { PatientId = patientId });
        Assert.Equal(before.Rows.Select(r => (r.Id, r.Action, r.UserName, r.Detail)), after.Rows.Select(r => (r.Id, r.Action, r.UserName, r.Detail)));
    }

    [Theory]
    [InlineData(AppSignIn.Clinician)]
    [InlineData(AppSignIn.Radiologist)]
    public async Task AuditPage_NotAnAdmin_RedirectsToAccessDenied(string user)
    {
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await AppSignIn.SignInAsync(client, user);

        using var response = await client.GetAsync(new Uri("/admin/audit", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/access-denied", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task AuditPage_Admin_Returns200WithFiltersAndExportsButNoChangeAction()
    {
        using var client = await SignedInAsync(AppSignIn.Admin);

        using var response = await client.GetAsync(new Uri("/admin/audit", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>Audit trail - PacsViewer</title>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"audit-export-dicom\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Delete", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Edit", html, StringComparison.Ordinal);
    }
}
