using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;
using FhirAuditEvent = Hl7.Fhir.Model.AuditEvent;
using Microsoft.Extensions.Options;

namespace PacsViewer.Core.Audit.Export;

/// <summary>
/// Maps an audit row to a FHIR R4 AuditEvent (Hl7.Fhir.R4) with the same DICOM codes as the DICOM export
/// (<see cref="AuditEventCodes"/>, system <see cref="DcmSystem"/>): type = the event id, subtype = the event type code,
/// action C/R/U/D/E, recorded, outcome 0/4/8 (with outcomeDesc for failures), the user as the requesting agent
/// (who.display and who.identifier, roles, network address type 2 = IP), source = this application, and one entity
/// per participant object (patient, study, query, report or other object).
/// </summary>
public sealed class FhirAuditEventMapper(IOptions<AuditExportOptions> options)
{
    public const string DcmSystem = "http://dicom.nema.org/resources/ontology/DCM";
    public const string EntityTypeSystem = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    public const string ObjectRoleSystem = "http://terminology.hl7.org/CodeSystem/object-role";
    public const string SourceTypeSystem = "http://terminology.hl7.org/CodeSystem/security-source-type";
    public const string UserSystem = "urn:pacsviewer:user";
    public const string RoleSystem = "urn:pacsviewer:role";

    private readonly AuditExportOptions _options = options.Value;

    public FhirAuditEvent Map(AuditEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var kind = AuditEventCodes.For(row);
        var result = new FhirAuditEvent
        {
            Id = row.Id.ToString(CultureInfo.InvariantCulture),
            Type = new Coding(DcmSystem, kind.EventId.Code, kind.EventId.Meaning),
            Action = kind.ActionCode switch
            {
                'C' => FhirAuditEvent.AuditEventAction.C,
                'R' => FhirAuditEvent.AuditEventAction.R,
                'U' => FhirAuditEvent.AuditEventAction.U,
                'D' => FhirAuditEvent.AuditEventAction.D,
                _ => FhirAuditEvent.AuditEventAction.E,
            },
            Recorded = row.OccurredAt.ToUniversalTime(),
            Outcome = row.Outcome switch
            {
                AuditOutcome.Success => FhirAuditEvent.AuditEventOutcome.N0,
                AuditOutcome.MinorFailure => FhirAuditEvent.AuditEventOutcome.N4,
                _ => FhirAuditEvent.AuditEventOutcome.N8,
            },
            Source = new FhirAuditEvent.SourceComponent
            {
                Site = _options.EnterpriseSiteId,
                Observer = new ResourceReference { Display = _options.SourceId },
                Type = [new Coding(SourceTypeSystem, "4", "Application Server")],
            },
        };
        if (kind.EventType is { } type)
        {
            result.Subtype.Add(new Coding(DcmSystem, type.Code, type.Meaning));
        }
        if (row.Outcome != AuditOutcome.Success && !string.IsNullOrEmpty(row.Detail))
        {
            result.OutcomeDesc = row.Detail;
        }
        result.Agent.Add(Agent(row));
        foreach (var o in AuditObjects.For(row))
        {
            result.Entity.Add(Entity(o));
        }
        return result;
    }

    private static FhirAuditEvent.AgentComponent Agent(AuditEvent row)
    {
        var userName = row.UserName ?? "unknown";
        var agent = new FhirAuditEvent.AgentComponent
        {
            Who = new ResourceReference { Display = userName, Identifier = new Identifier(UserSystem, userName) },
            Requestor = true,
        };
        foreach (var role in (row.UserRoles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            agent.Role.Add(new CodeableConcept(RoleSystem, role, role));
        }
        if (!string.IsNullOrEmpty(row.ClientAddress))
        {
            agent.Network = new FhirAuditEvent.NetworkComponent { Address = row.ClientAddress, Type = FhirAuditEvent.AuditEventAgentNetworkType.N2 };
        }
        return agent;
    }

    private static FhirAuditEvent.EntityComponent Entity(AuditObject o)
    {
        var identifier = o.IdType == AuditObjects.StudyInstanceUid || o.IdType == AuditObjects.SopClassUid
            ? new Identifier("urn:dicom:uid", "urn:oid:" + o.Id)
            : new Identifier(o.IdType == AuditObjects.PatientNumber ? null : "urn:pacsviewer:" + o.IdType.Code.ToLowerInvariant(), o.Id);
        var entity = new FhirAuditEvent.EntityComponent
        {
            What = new ResourceReference { Identifier = identifier, Display = o.Query is null ? o.Name : null },
            Type = new Coding(EntityTypeSystem, o.TypeCode.ToString(CultureInfo.InvariantCulture), o.TypeCode == 1 ? "Person" : "System Object"),
            Role = new Coding(ObjectRoleSystem, o.TypeCodeRole.ToString(CultureInfo.InvariantCulture), RoleName(o.TypeCodeRole)),
            Description = o.Description,
        };
        if (o.Query is not null)
        {
            entity.Query = Encoding.UTF8.GetBytes(o.Query);
            entity.Name = o.Name;
        }
        return entity;
    }

    private static string RoleName(int role) => role switch
    {
        1 => "Patient",
        3 => "Report",
        11 => "Security User Entity",
        13 => "Security Resource",
        24 => "Query",
        _ => "Resource",
    };
}
