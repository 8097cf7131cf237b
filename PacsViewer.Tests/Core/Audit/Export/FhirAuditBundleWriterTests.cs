using System.Text;
using Bundle = Hl7.Fhir.Model.Bundle;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Audit.Export;
using PacsViewer.Tests.Core.Data;
using FhirAuditEvent = Hl7.Fhir.Model.AuditEvent;

namespace PacsViewer.Tests.Core.Audit.Export;

// The SDK's model is nullable-annotated throughout; a null here fails the test with a NullReferenceException, which is a failure too.
#pragma warning disable CS8600, CS8602, CS8604

/// <summary>The FHIR R4 export parsed back with the Hl7.Fhir parser: a collection Bundle of AuditEvents with the DICOM codes.</summary>
public sealed class FhirAuditBundleWriterTests
{
    private static async Task<Bundle> WriteAsync(params PacsViewer.Core.Audit.AuditEvent[] rows)
    {
        var options = Options.Create(new AuditExportOptions { SourceId = "PacsViewer-Test", EnterpriseSiteId = "Synthetic Hospital" });
        var writer = new FhirAuditBundleWriter(new FhirAuditEventMapper(options), new ManualClock(AuditSamples.At.AddHours(1)));
        using var output = new MemoryStream();
        var count = await writer.WriteAsync(AuditSamples.StreamAsync(rows), output);
        Assert.Equal(rows.Length, count);
        return new FhirJsonDeserializer().Deserialize<Bundle>(Encoding.UTF8.GetString(output.ToArray()));
    }

    private static FhirAuditEvent Single(Bundle bundle) => Assert.IsType<FhirAuditEvent>(Assert.Single(bundle.Entry).Resource);

    [Fact]
    public async Task WriteAsync_AllSamples_CollectionBundleOfAuditEventsInOrder()
    {
        var bundle = await WriteAsync([.. AuditSamples.All]);

        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
        Assert.Equal(AuditSamples.At.AddHours(1), bundle.Timestamp);
        Assert.Equal(["11", "12", "13", "14", "15", "16"], bundle.Entry.Select(e => e.Resource.Id));
        Assert.Equal(["110103", "110113", "110112", "110114", "110106", "110113"], bundle.Entry.Select(e => ((FhirAuditEvent)e.Resource).Type.Code));
        Assert.All(bundle.Entry, e => Assert.Equal(FhirAuditEventMapper.DcmSystem, ((FhirAuditEvent)e.Resource).Type.System));
    }

    [Fact]
    public async Task WriteAsync_StudyOpened_ReadActionOutcomeAgentSourceAndEntities()
    {
        var audit = Single(await WriteAsync(AuditSamples.StudyOpened));

        Assert.Equal((FhirAuditEvent.AuditEventAction.R, FhirAuditEvent.AuditEventOutcome.N0), (audit.Action, audit.Outcome));
        Assert.Equal(AuditSamples.At, audit.Recorded);
        var agent = Assert.Single(audit.Agent);
        Assert.Equal(("clinician", "clinician", true), (agent.Who.Display, agent.Who.Identifier.Value, agent.Requestor));
        Assert.Equal(("127.0.0.1", FhirAuditEvent.AuditEventAgentNetworkType.N2), (agent.Network.Address, agent.Network.Type));
        Assert.Equal("Clinician", Assert.Single(agent.Role).Coding[0].Code);
        Assert.Equal(("PacsViewer-Test", "Synthetic Hospital"), (audit.Source.Observer.Display, audit.Source.Site));
        Assert.Equal(2, audit.Entity.Count);
        var patient = audit.Entity[0];
        Assert.Equal(("PV-7", "DOE^JANE", "1", "1"), (patient.What.Identifier.Value, patient.What.Display, patient.Type.Code, patient.Role.Code));
        var study = audit.Entity[1];
        Assert.Equal(("urn:dicom:uid", "urn:oid:1.2.826.0.1.3", "2", "3"), (study.What.Identifier.System, study.What.Identifier.Value, study.Type.Code, study.Role.Code));
    }

    [Fact]
    public async Task WriteAsync_BreakGlassAndLoginFailed_SubtypesActionEAndFailureOutcome()
    {
        var bundle = await WriteAsync(AuditSamples.BreakGlass, AuditSamples.LoginFailed);
        var breakGlass = (FhirAuditEvent)bundle.Entry[0].Resource;
        var login = (FhirAuditEvent)bundle.Entry[1].Resource;

        Assert.Equal(("110127", FhirAuditEvent.AuditEventAction.E), (Assert.Single(breakGlass.Subtype).Code, breakGlass.Action));
        Assert.Equal(("110122", FhirAuditEvent.AuditEventOutcome.N4, "wrong password"), (Assert.Single(login.Subtype).Code, login.Outcome, login.OutcomeDesc));
        Assert.Empty(login.Entity);
    }

    [Fact]
    public async Task WriteAsync_QueryAndReportExport_QueryBytesAndReportEntity()
    {
        var bundle = await WriteAsync(AuditSamples.Query, AuditSamples.ReportExported);
        var query = (FhirAuditEvent)bundle.Entry[0].Resource;
        var export = (FhirAuditEvent)bundle.Entry[1].Resource;

        var keys = Assert.Single(query.Entity, e => e.Role.Code == "24");
        Assert.Equal(("PatientID=PV-7; 2 studies", "archive"), (Encoding.UTF8.GetString(keys.Query), keys.Name));
        var report = Assert.Single(export.Entity, e => e.What.Identifier.Value == "0b4a3c1e-0000-4000-8000-000000000001");
        Assert.Equal(("3", "pdf version 1"), (report.Role.Code, report.Description));
        Assert.Equal(FhirAuditEvent.AuditEventAction.R, export.Action);
    }
}
