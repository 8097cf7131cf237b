using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using PacsViewer.Core.Reporting.Export;

namespace PacsViewer.Tests.Core.Reporting.Export;

/// <summary>The FHIR JSON parsed back by the SDK's own parser, values checked.</summary>
public sealed class FhirDiagnosticReportMapperTests
{
    private static readonly FhirDiagnosticReportMapper Mapper = new();

    private static DiagnosticReport Parse(string json) => new FhirJsonDeserializer().Deserialize<DiagnosticReport>(json);

    [Fact]
    public void ToJson_FinalReport_ParsesBackWithStatusCodesSubjectStudyAndConclusion()
    {
        var study = ReportSamples.NewUid();
        var report = ReportSamples.Final(study);

        var parsed = Parse(Mapper.ToJson(report));

        Assert.Equal(report.ReportId.ToString("D"), parsed.Id);
        Assert.Equal("1", parsed.Meta!.VersionId);
        Assert.Equal(DiagnosticReport.DiagnosticReportStatus.Final, parsed.Status);
        var category = Assert.Single(Assert.Single(parsed.Category).Coding);
        Assert.Equal(("http://terminology.hl7.org/CodeSystem/v2-0074", "RAD"), (category.System, category.Code));
        var code = Assert.Single(parsed.Code!.Coding);
        Assert.Equal(("http://loinc.org", "18748-4"), (code.System, code.Code));
        Assert.Equal("Patient", parsed.Subject!.Type);
        Assert.Equal("PV-EXPORT-1", parsed.Subject!.Identifier!.Value);
        Assert.Equal("Doe, Jane", parsed.Subject!.Display);
        Assert.Equal("2026-03-13", Assert.IsType<FhirDateTime>(parsed.Effective).Value);
        Assert.Equal(ReportSamples.SignedAt, parsed.Issued);
        var accession = Assert.Single(parsed.Identifier, i => i.Type?.Coding.Any(c => c.Code == "ACSN") == true);
        Assert.Equal("ACC-EXPORT-1", accession.Value);
        Assert.Contains(parsed.Identifier, i => i.Value == "urn:uuid:" + report.ReportId.ToString("D"));
        var imaging = Assert.Single(parsed.ImagingStudy);
        Assert.Equal(("urn:dicom:uid", "urn:oid:" + study), (imaging.Identifier!.System, imaging.Identifier.Value));
        Assert.Equal(ReportSamples.ImpressionText, parsed.Conclusion);
        Assert.Equal("Radiologist, Robin", Assert.Single(parsed.ResultsInterpreter).Display);
        var form = Assert.Single(parsed.PresentedForm);
        Assert.Equal("text/plain; charset=utf-8", form.ContentType);
        var text = Encoding.UTF8.GetString(form.Data!);
        Assert.Contains(ReportSamples.FindingsText, text, StringComparison.Ordinal);
        Assert.Contains("Critical result communicated to Dr Ward (ED)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_AmendedWithPdf_IsAmendedIssuedAtTheAddendumAndCarriesBothForms()
    {
        var report = ReportSamples.WithAddendum(ReportSamples.Final(ReportSamples.NewUid(), patientName: "Müller^Zoë"));
        var pdf = new ReportPdfWriter(ReportSamples.Options()).Write(report);

        var parsed = Parse(Mapper.ToJson(report, pdf));

        Assert.Equal(DiagnosticReport.DiagnosticReportStatus.Amended, parsed.Status);
        Assert.Equal("2", parsed.Meta!.VersionId);
        Assert.Equal(report.Addenda[0].SignedAt, parsed.Issued);
        Assert.Equal("Müller, Zoë", parsed.Subject!.Display);
        Assert.Equal(["Radiologist, Robin", "Second, Sam"], parsed.ResultsInterpreter.Select(r => r.Display));
        Assert.Equal(2, parsed.PresentedForm.Count);
        Assert.Contains(ReportSamples.AddendumText, Encoding.UTF8.GetString(parsed.PresentedForm[0].Data!), StringComparison.Ordinal);
        Assert.Equal("application/pdf", parsed.PresentedForm[1].ContentType);
        Assert.Equal(pdf, parsed.PresentedForm[1].Data);
    }

    [Fact]
    public void ToJson_NoStudyDateAccessionOrImpression_LeavesThemOut()
    {
        var final = ReportSamples.Final(ReportSamples.NewUid(), accession: null);
        var report = final with { Study = final.Study with { StudyDate = null }, Sections = [new ReportSection("Findings", "Normal.")], Critical = null };

        var parsed = Parse(Mapper.ToJson(report));

        Assert.Null(parsed.Effective);
        Assert.Null(parsed.Conclusion);
        Assert.DoesNotContain(parsed.Identifier, i => i.Type?.Coding.Any(c => c.Code == "ACSN") == true);
        Assert.Single(parsed.Identifier);
    }
}
