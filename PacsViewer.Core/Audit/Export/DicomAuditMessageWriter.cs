using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.Extensions.Options;

namespace PacsViewer.Core.Audit.Export;

/// <summary>
/// Writes audit rows as DICOM audit messages (PS3.15 A.5, the schema of A.5.1): one <c>AuditMessage</c> per event inside
/// one root element <c>AuditMessages</c> (the schema defines a single message; the root only groups them), streamed as
/// the rows come. Each message holds EventIdentification (EventID, EventTypeCode, EventActionCode, EventDateTime,
/// EventOutcomeIndicator 0/4/8, EventOutcomeDescription for failures), the user as the requesting ActiveParticipant
/// (UserID, their roles as RoleIDCode, NetworkAccessPointID with type 2 = IP address), this application as a second,
/// non-requesting participant, AuditSourceIdentification, and the participant objects of <see cref="AuditObjects"/>.
/// </summary>
public sealed class DicomAuditMessageWriter(IOptions<AuditExportOptions> options)
{
    public const string RootElement = "AuditMessages";

    public const string ContentType = "application/xml";

    /// <summary>Each message is written synchronously into memory (a fragment), then copied to the output asynchronously.</summary>
    private static readonly XmlWriterSettings Fragment = new()
    {
        Encoding = new UTF8Encoding(false), Indent = true, CloseOutput = false, ConformanceLevel = ConformanceLevel.Fragment, OmitXmlDeclaration = true,
    };

    private const int FlushBytes = 64 * 1024;

    private readonly AuditExportOptions _options = options.Value;

    /// <summary>Writes the document to <paramref name="output"/> as the rows come; returns how many messages were written.</summary>
    public async Task<int> WriteAsync(IAsyncEnumerable<AuditEvent> rows, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        var count = 0;
        using var buffer = new MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<{RootElement}>\n"));
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            using (var xml = XmlWriter.Create(buffer, Fragment))
            {
                WriteMessage(xml, row);
            }
            buffer.WriteByte((byte)'\n');
            count++;
            if (buffer.Length >= FlushBytes)
            {
                await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
                buffer.SetLength(0);
            }
        }
        buffer.Write(Encoding.UTF8.GetBytes($"</{RootElement}>\n"));
        await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    private void WriteMessage(XmlWriter xml, AuditEvent row)
    {
        var kind = AuditEventCodes.For(row);
        xml.WriteStartElement("AuditMessage");

        // PS3.15 A.5.1 EventIdentification
        xml.WriteStartElement("EventIdentification");
        xml.WriteAttributeString("EventActionCode", kind.ActionCode.ToString());
        xml.WriteAttributeString("EventDateTime", row.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        xml.WriteAttributeString("EventOutcomeIndicator", ((int)row.Outcome).ToString(CultureInfo.InvariantCulture));
        WriteCode(xml, "EventID", kind.EventId);
        if (kind.EventType is { } type)
        {
            WriteCode(xml, "EventTypeCode", type);
        }
        if (row.Outcome != AuditOutcome.Success && !string.IsNullOrEmpty(row.Detail))
        {
            xml.WriteElementString("EventOutcomeDescription", Safe(row.Detail));
        }
        xml.WriteEndElement();

        // The user who asked (UserIsRequestor true), then this application.
        xml.WriteStartElement("ActiveParticipant");
        xml.WriteAttributeString("UserID", Safe(row.UserName ?? "unknown"));
        xml.WriteAttributeString("UserIsRequestor", "true");
        if (!string.IsNullOrEmpty(row.ClientAddress))
        {
            xml.WriteAttributeString("NetworkAccessPointID", Safe(row.ClientAddress));
            xml.WriteAttributeString("NetworkAccessPointTypeCode", "2");
        }
        foreach (var role in (row.UserRoles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            WriteCode(xml, "RoleIDCode", new AuditCode(role, role, AuditCode.Local));
        }
        xml.WriteEndElement();
        xml.WriteStartElement("ActiveParticipant");
        xml.WriteAttributeString("UserID", _options.SourceId);
        xml.WriteAttributeString("UserIsRequestor", "false");
        xml.WriteEndElement();

        xml.WriteStartElement("AuditSourceIdentification");
        if (!string.IsNullOrEmpty(_options.EnterpriseSiteId))
        {
            xml.WriteAttributeString("AuditEnterpriseSiteID", _options.EnterpriseSiteId);
        }
        xml.WriteAttributeString("AuditSourceID", _options.SourceId);
        // RFC 3881 audit source type 4: application server process tier.
        WriteCode(xml, "AuditSourceTypeCode", new AuditCode("4", "Application Server Process Tier", AuditCode.Rfc3881));
        xml.WriteEndElement();

        foreach (var o in AuditObjects.For(row))
        {
            xml.WriteStartElement("ParticipantObjectIdentification");
            xml.WriteAttributeString("ParticipantObjectID", Safe(o.Id));
            xml.WriteAttributeString("ParticipantObjectTypeCode", o.TypeCode.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("ParticipantObjectTypeCodeRole", o.TypeCodeRole.ToString(CultureInfo.InvariantCulture));
            WriteCode(xml, "ParticipantObjectIDTypeCode", o.IdType);
            if (o.Query is not null)
            {
                xml.WriteElementString("ParticipantObjectQuery", Convert.ToBase64String(Encoding.UTF8.GetBytes(o.Query)));
            }
            else if (!string.IsNullOrEmpty(o.Name))
            {
                xml.WriteElementString("ParticipantObjectName", Safe(o.Name));
            }
            if (o.Query is not null && !string.IsNullOrEmpty(o.Name))
            {
                WriteDetail(xml, "Source", o.Name);
            }
            if (o.Description is not null)
            {
                WriteDetail(xml, "Description", o.Description);
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void WriteCode(XmlWriter xml, string element, AuditCode code)
    {
        xml.WriteStartElement(element);
        xml.WriteAttributeString("csd-code", Safe(code.Code));
        xml.WriteAttributeString("codeSystemName", code.Scheme);
        xml.WriteAttributeString("originalText", Safe(code.Meaning));
        xml.WriteEndElement();
    }

    /// <summary>ParticipantObjectDetail: a type and a base64 value (PS3.15 A.5.1).</summary>
    private static void WriteDetail(XmlWriter xml, string type, string value)
    {
        xml.WriteStartElement("ParticipantObjectDetail");
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("value", Convert.ToBase64String(Encoding.UTF8.GetBytes(value)));
        xml.WriteEndElement();
    }

    /// <summary>Text as XML 1.0 allows it: characters XML cannot carry (control characters, lone surrogates) become U+FFFD.</summary>
    private static string Safe(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], c))
            {
                text.Append(c).Append(value[++i]);
            }
            else
            {
                text.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
            }
        }
        return text.ToString();
    }
}
