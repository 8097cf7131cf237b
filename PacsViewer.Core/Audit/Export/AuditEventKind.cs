namespace PacsViewer.Core.Audit.Export;

/// <summary>
/// How an <see cref="AuditEvent"/> is told in a DICOM audit message or a FHIR AuditEvent: the event id, the event
/// type code (if any) and the EventActionCode (C, R, U, D or E; PS3.15 A.5.1).
/// </summary>
public sealed record AuditEventKind(AuditCode EventId, AuditCode? EventType, char ActionCode);
