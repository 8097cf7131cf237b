using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Audit.Export;

namespace PacsViewer.Tests.Core.Audit.Export;

/// <summary>
/// The DICOM audit messages (PS3.15 A.5), parsed back with XDocument: the element and attribute names of the A.5.1
/// schema, the event codes of A.5.3 for each kind of row, and the participant objects of A.5.2.
/// </summary>
public sealed class DicomAuditMessageWriterTests
{
    private static async Task<(XDocument Document, int Count)> WriteAsync(params AuditEvent[] rows)
    {
        var writer = new DicomAuditMessageWriter(Options.Create(new AuditExportOptions { SourceId = "PacsViewer-Test", EnterpriseSiteId = "Synthetic Hospital" }));
        using var output = new MemoryStream();
        var count = await writer.WriteAsync(AuditSamples.StreamAsync(rows), output);
        return (XDocument.Parse(Encoding.UTF8.GetString(output.ToArray())), count);
    }

    private static XElement Single(XDocument document) => Assert.Single(document.Root!.Elements("AuditMessage"));

    private static (string? Code, string? Scheme, string? Meaning) Code(XElement? element) =>
        (element?.Attribute("csd-code")?.Value, element?.Attribute("codeSystemName")?.Value, element?.Attribute("originalText")?.Value);

    private static XElement ObjectOfRole(XElement message, string type, string role) =>
        Assert.Single(message.Elements("ParticipantObjectIdentification"),
            o => o.Attribute("ParticipantObjectTypeCode")?.Value == type && o.Attribute("ParticipantObjectTypeCodeRole")?.Value == role);

    [Fact]
    public async Task WriteAsync_AllSamples_OneAuditMessagePerRowUnderTheRootInOrder()
    {
        var (document, count) = await WriteAsync([.. AuditSamples.All]);

        Assert.Equal(DicomAuditMessageWriter.RootElement, document.Root!.Name.LocalName);
        Assert.Equal(6, count);
        Assert.Equal(["110103", "110113", "110112", "110114", "110106", "110113"],
            document.Root.Elements("AuditMessage").Select(m => m.Element("EventIdentification")!.Element("EventID")!.Attribute("csd-code")!.Value));
        // The A.5.1 element order: event, active participants, audit source, participant objects.
        foreach (var message in document.Root.Elements("AuditMessage"))
        {
            var names = message.Elements().Select(e => e.Name.LocalName).Distinct().ToArray();
            Assert.Equal(["EventIdentification", "ActiveParticipant", "AuditSourceIdentification"], names.Take(3));
            Assert.All(names.Skip(3), n => Assert.Equal("ParticipantObjectIdentification", n));
        }
    }

    [Fact]
    public async Task WriteAsync_StudyOpened_InstancesAccessedReadWithUserPatientAndStudy()
    {
        var (document, _) = await WriteAsync(AuditSamples.StudyOpened);
        var message = Single(document);

        var evt = message.Element("EventIdentification")!;
        Assert.Equal(("R", "2026-11-29T08:30:15.2500000Z", "0"),
            (evt.Attribute("EventActionCode")?.Value, evt.Attribute("EventDateTime")?.Value, evt.Attribute("EventOutcomeIndicator")?.Value));
        Assert.Equal(("110103", "DCM", "DICOM Instances Accessed"), Code(evt.Element("EventID")));
        Assert.Empty(evt.Elements("EventTypeCode"));
        var participants = message.Elements("ActiveParticipant").ToArray();
        Assert.Equal(2, participants.Length);
        Assert.Equal(("clinician", "true", "127.0.0.1", "2"),
            (participants[0].Attribute("UserID")?.Value, participants[0].Attribute("UserIsRequestor")?.Value,
                participants[0].Attribute("NetworkAccessPointID")?.Value, participants[0].Attribute("NetworkAccessPointTypeCode")?.Value));
        Assert.Equal(("Clinician", "99PACSVIEWER", "Clinician"), Code(participants[0].Element("RoleIDCode")));
        Assert.Equal(("PacsViewer-Test", "false"), (participants[1].Attribute("UserID")?.Value, participants[1].Attribute("UserIsRequestor")?.Value));
        var source = message.Element("AuditSourceIdentification")!;
        Assert.Equal(("PacsViewer-Test", "Synthetic Hospital"), (source.Attribute("AuditSourceID")?.Value, source.Attribute("AuditEnterpriseSiteID")?.Value));
        Assert.Equal("4", source.Element("AuditSourceTypeCode")?.Attribute("csd-code")?.Value);
        var patient = ObjectOfRole(message, "1", "1");
        Assert.Equal(("PV-7", "DOE^JANE"), (patient.Attribute("ParticipantObjectID")?.Value, patient.Element("ParticipantObjectName")?.Value));
        Assert.Equal(("2", "RFC-3881", "Patient Number"), Code(patient.Element("ParticipantObjectIDTypeCode")));
        var study = ObjectOfRole(message, "2", "3");
        Assert.Equal("1.2.826.0.1.3", study.Attribute("ParticipantObjectID")?.Value);
        Assert.Equal(("110180", "DCM", "Study Instance UID"), Code(study.Element("ParticipantObjectIDTypeCode")));
    }

    [Fact]
    public async Task WriteAsync_BreakGlass_SecurityAlertEmergencyOverrideStarted()
    {
        var (document, _) = await WriteAsync(AuditSamples.BreakGlass);
        var evt = Single(document).Element("EventIdentification")!;

        Assert.Equal(("110113", "DCM", "Security Alert"), Code(evt.Element("EventID")));
        Assert.Equal(("110127", "DCM", "Emergency Override Started"), Code(evt.Element("EventTypeCode")));
        Assert.Equal("E", evt.Attribute("EventActionCode")?.Value);
        Assert.Equal("::1", Single(document).Element("ActiveParticipant")?.Attribute("NetworkAccessPointID")?.Value);
    }

    [Fact]
    public async Task WriteAsync_Query_QueryEventWithTheKeysBase64AndTheSource()
    {
        var (document, _) = await WriteAsync(AuditSamples.Query);
        var message = Single(document);

        Assert.Equal(("110112", "DCM", "Query"), Code(message.Element("EventIdentification")!.Element("EventID")));
        Assert.Equal("E", message.Element("EventIdentification")!.Attribute("EventActionCode")?.Value);
        var query = ObjectOfRole(message, "2", "24");
        Assert.Equal("1.2.840.10008.5.1.4.1.2.2.1", query.Attribute("ParticipantObjectID")?.Value);
        Assert.Equal(("110181", "DCM", "SOP Class UID"), Code(query.Element("ParticipantObjectIDTypeCode")));
        Assert.Equal("PatientID=PV-7; 2 studies", Encoding.UTF8.GetString(Convert.FromBase64String(query.Element("ParticipantObjectQuery")!.Value)));
        var detail = query.Element("ParticipantObjectDetail")!;
        Assert.Equal(("Source", "archive"), (detail.Attribute("type")?.Value, Encoding.UTF8.GetString(Convert.FromBase64String(detail.Attribute("value")!.Value))));
        Assert.Equal("PV-7", ObjectOfRole(message, "1", "1").Attribute("ParticipantObjectID")?.Value);
    }

    [Fact]
    public async Task WriteAsync_LoginFailed_UserAuthenticationLoginMinorFailureWithDescription()
    {
        var (document, _) = await WriteAsync(AuditSamples.LoginFailed);
        var evt = Single(document).Element("EventIdentification")!;

        Assert.Equal(("110114", "DCM", "User Authentication"), Code(evt.Element("EventID")));
        Assert.Equal(("110122", "DCM", "Login"), Code(evt.Element("EventTypeCode")));
        Assert.Equal(("4", "wrong password"), (evt.Attribute("EventOutcomeIndicator")?.Value, evt.Element("EventOutcomeDescription")?.Value));
        Assert.Empty(Single(document).Elements("ParticipantObjectIdentification"));
    }

    [Fact]
    public async Task WriteAsync_ReportExportedAndRoleChanged_ExportAndSecurityRolesChangedWithTheirObjects()
    {
        var (document, _) = await WriteAsync(AuditSamples.ReportExported, AuditSamples.RoleChanged);
        var messages = document.Root!.Elements("AuditMessage").ToArray();

        Assert.Equal(("110106", "DCM", "Export"), Code(messages[0].Element("EventIdentification")!.Element("EventID")));
        Assert.Equal(["Admin", "Clinician"], messages[0].Element("ActiveParticipant")!.Elements("RoleIDCode").Select(r => r.Attribute("csd-code")!.Value));
        var report = Assert.Single(messages[0].Elements("ParticipantObjectIdentification"),
            o => o.Element("ParticipantObjectIDTypeCode")?.Attribute("csd-code")?.Value == "9");
        Assert.Equal("0b4a3c1e-0000-4000-8000-000000000001", report.Attribute("ParticipantObjectID")?.Value);
        Assert.Equal("pdf version 1", Encoding.UTF8.GetString(Convert.FromBase64String(report.Element("ParticipantObjectDetail")!.Attribute("value")!.Value)));
        Assert.Equal(("110136", "DCM", "Security Roles Changed"), Code(messages[1].Element("EventIdentification")!.Element("EventTypeCode")));
        Assert.Equal("clinician", ObjectOfRole(messages[1], "1", "11").Attribute("ParticipantObjectID")?.Value);
    }

    [Fact]
    public async Task WriteAsync_ControlCharactersAndMarkupInValues_StillWellFormedAndTextKept()
    {
        var row = AuditSamples.StudyOpened;
        row.PatientName = "<script>alert(1)</script>\u0001DOE";

        var (document, _) = await WriteAsync(row);

        Assert.Equal("<script>alert(1)</script>\uFFFDDOE", ObjectOfRole(Single(document), "1", "1").Element("ParticipantObjectName")?.Value);
    }

    [Fact]
    public async Task WriteAsync_NoRows_EmptyRoot()
    {
        var (document, count) = await WriteAsync();

        Assert.Equal(0, count);
        Assert.Empty(document.Root!.Elements());
    }
}
