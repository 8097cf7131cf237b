using System.Net;
using DiagnosticReport = Hl7.Fhir.Model.DiagnosticReport;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Viewing.StructuredReports;
using PacsViewer.Tests.Core.Reporting.Export;

namespace PacsViewer.Tests.Web.Endpoints;

/// <summary>
/// The report downloads over HTTP against the real app: reports taken through the real ReportService, each role
/// signed in through the login page; the PDF read by pdftotext, the FHIR JSON by Hl7.Fhir's parser, the SR by our reader.
/// </summary>
public sealed class ReportEndpointsTests(PacsViewerWebApplicationFactory factory) : IClassFixture<PacsViewerWebApplicationFactory>
{
    private const string Findings = "Synthetic nodule 4 mm in the right upper lobe.";
    private const string Impression = "Synthetic follow-up advised.";
    private const string DraftFindings = "Synthetic draft text not for clinicians.";

    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = factory.CreateClient();
        await AppSignIn.SignInAsync(client, user);
        return client;
    }

    private ReportSeeder Seeder => new(factory.Services);

    private async Task<Guid> FinalAsync(params string[] addenda)
    {
        var study = await Seeder.AddStudyAsync(ReportSeeder.NewUid(), "EXPORT^FINAL", "PV-EXP-1", studyDate: "20240315");
        return await Seeder.FinalAsync(study, Findings, Impression, addenda);
    }

    private async Task<Guid> DraftAsync()
    {
        var study = await Seeder.AddStudyAsync(ReportSeeder.NewUid(), "EXPORT^DRAFT", "PV-EXP-2");
        return (await Seeder.DraftAsync(study, DraftFindings)).Id;
    }

    private static DiagnosticReport ParseFhir(string json) => new FhirJsonDeserializer().Deserialize<DiagnosticReport>(json);

    [Theory]
    [InlineData("pdf")]
    [InlineData("fhir")]
    [InlineData("sr")]
    public async Task Get_SignedOut_Returns401(string format)
    {
        var id = await FinalAsync();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri($"/api/reports/{id}/{format}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetPdf_ClinicianFinalReport_InlinePdfWithSafeNameThatPdftotextReads()
    {
        using var client = await SignedInAsync(AppSignIn.Clinician);
        var id = await FinalAsync();

        using var response = await client.GetAsync(new Uri($"/api/reports/{id}/pdf", UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"report-20240315-{id.ToString("N")[..8]}-v1.pdf", response.Content.Headers.ContentDisposition?.FileName);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        var path = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.pdf");
        try
        {
            await File.WriteAllBytesAsync(path, bytes);
            var text = await ExternalTools.PdfToTextAsync(path);
            Assert.Contains("Synthetic nodule 4 mm", text, StringComparison.Ordinal);
            Assert.Contains("FINAL", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("fhir")]
    [InlineData("sr")]
    public async Task Get_ClinicianFinalReport_AuditedAsReportExportedWithFormatVersionPatientAndStudy(string format)
    {
        using var client = await SignedInAsync(AppSignIn.Clinician);
        var id = await FinalAsync("Synthetic addendum for the audit.");

        using var response = await client.GetAsync(new Uri($"/api/reports/{id}/{format}?version=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var found = await factory.Services.GetRequiredService<AuditQueryService>().SearchAsync(new AuditQuery { Actions = [AuditActions.ReportExported] });
        var row = Assert.Single(found.Rows, r => r.ObjectId == id.ToString("D"));
        Assert.Equal((AppSignIn.Clinician, "Clinician", AuditOutcome.Success, AuditObjectTypes.Report, $"{format} version 1"),
            (row.UserName, row.UserRoles, row.Outcome, row.ObjectType, row.Detail));
        Assert.Equal(("PV-EXP-1", "EXPORT^FINAL", ReportSeeder.Source), (row.PatientId, row.PatientName, row.SourceName));
        Assert.False(string.IsNullOrEmpty(row.StudyInstanceUid));
    }

    [Fact]
    public async Task GetFhir_ClinicianAsksForDraft_NotAuditedAsAnExport()
    {
        using var client = await SignedInAsync(AppSignIn.Clinician);
        var id = await DraftAsync();

        using var response = await client.GetAsync(new Uri($"/api/reports/{id}/fhir", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var found = await factory.Services.GetRequiredService<AuditQueryService>().SearchAsync(new AuditQuery { Actions = [AuditActions.ReportExported] });
        Assert.DoesNotContain(found.Rows, r => r.ObjectId == id.ToString("D"));
    }

    [Fact]
    public async Task GetPdf_Download1_IsAnAttachment()
    {
        using var client = await SignedInAsync(AppSignIn.Clinician);
        var id = await FinalAsync();

        using var response = await client.GetAsync(new Uri($"/api/reports/{id}/pdf?download=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("fhir")]
    [InlineData("sr")]
    public async Task Get_ClinicianAsksForDraft_Returns404WithoutItsText(string format)
    {
        using var client = await SignedInAsync(AppSignIn.Clinician);
        var id = await DraftAsync();

        using var response = await client.GetAsync(new Uri($"/api/reports/{id}/{format}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Synthetic draft", body, StringComparison.Ordinal);
        Assert.Contains($"Report {id} not found", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFhir_ClinicianUnknownId_Returns404LikeADraft()
    {
        using var client = await SignedInAsync(AppSignIn.Clinician);
        var id = Guid.NewGuid();

        using var response = await client.GetAsync(new Uri($"/api/reports/{id}/fhir", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains($"Report {id} not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AppSignIn.Radiologist)]
    [InlineData(AppSignIn.Admin)]
    public async Task GetFhir_RadiologistOrAdminAsksForPreliminary_Returns409NeverExported(string user)
    {
        using var client = await SignedInAsync(user);
        var study = await Seeder.AddStudyAsync(ReportSeeder.NewUid(), "EXPORT^PRELIM", "PV-EXP-3");
        var id = await Seeder.PreliminaryAsync(study, DraftFindings);

        using var response = await client.GetAsync(new Uri($"/api/reports/{id}/fhir", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("is Preliminary; only Final reports are exported", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Synthetic draft", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFhir_ClinicianAmendedReport_LatestIsAmendedAndVersion1IsTheOriginal()
    {
        using var client = await SignedInAsync(AppSignIn.Clinician);
        var id = await FinalAsync("Synthetic addendum: size confirmed.");

        using var latest = await client.GetAsync(new Uri($"/api/reports/{id}/fhir", UriKind.Relative));
        using var original = await client.GetAsync(new Uri($"/api/reports/{id}/fhir?version=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        Assert.Equal("application/fhir+json", latest.Content.Headers.ContentType?.MediaType);
        var amended = ParseFhir(await latest.Content.ReadAsStringAsync());
        Assert.Equal(id.ToString("D"), amended.Id);
        Assert.Equal(DiagnosticReport.DiagnosticReportStatus.Amended, amended.Status);
        Assert.Equal("2", amended.Meta!.VersionId);
        Assert.Equal(Impression, amended.Conclusion);
        Assert.Equal("PV-EXP-1", amended.Subject!.Identifier!.Value);
        var first = ParseFhir(await original.Content.ReadAsStringAsync());
        Assert.Equal(DiagnosticReport.DiagnosticReportStatus.Final, first.Status);
        Assert.Equal("1", first.Meta!.VersionId);
    }

    [Theory]
    [InlineData("3", HttpStatusCode.NotFound, "has no signed version 3 (versions 1 to 2)")]
    [InlineData("0", HttpStatusCode.BadRequest, "version")]
    [InlineData("two", HttpStatusCode.BadRequest, "version")]
    public async Task GetFhir_BadVersion_ClearError(string version, HttpStatusCode expected, string message)
    {
        using var client = await SignedInAsync(AppSignIn.Radiologist);
        var id = await FinalAsync("Synthetic addendum.");

        using var response = await client.GetAsync(new Uri($"/api/reports/{id}/fhir?version={version}", UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSr_RadiologistAmendedReport_BasicTextSrOurReaderReadsWithTheAddendum()
    {
        using var client = await SignedInAsync(AppSignIn.Radiologist);
        var study = await Seeder.AddStudyAsync(ReportSeeder.NewUid(), "EXPORT^SR", "PV-EXP-4");
        var id = await Seeder.FinalAsync(study, Findings, Impression, "Synthetic addendum one.");

        using var response = await client.GetAsync(new Uri($"/api/reports/{id}/sr", UriKind.Relative));
        var file = DicomFile.Read(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/dicom", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith("-v2.dcm", response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        Assert.Equal(DicomUids.BasicTextSRStorage, file.Dataset.GetString(DicomTags.SOPClassUID));
        Assert.Equal(study.StudyInstanceUid, file.Dataset.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal("PV-EXP-4", file.Dataset.GetString(DicomTags.PatientID));
        var sr = SrDocumentReader.Read(file.Dataset);
        Assert.Equal("VERIFIED", sr.VerificationFlag);
        Assert.Contains(Findings, sr.Text, StringComparison.Ordinal);
        Assert.Contains("Synthetic addendum one.", sr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPdf_AdminFinalReport_Returns200()
    {
        using var client = await SignedInAsync(AppSignIn.Admin);
        var id = await FinalAsync();

        using var response = await client.GetAsync(new Uri($"/api/reports/{id}/pdf", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
    }
}
