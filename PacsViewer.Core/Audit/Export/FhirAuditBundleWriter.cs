using System.Text.Json;
using Hl7.Fhir.Serialization;

namespace PacsViewer.Core.Audit.Export;

/// <summary>
/// Writes audit rows as one FHIR R4 Bundle of type collection, one AuditEvent per entry
/// (<see cref="FhirAuditEventMapper"/>), streamed: the bundle's envelope is written by hand around each resource,
/// which the SDK's System.Text.Json converters serialise.
/// </summary>
public sealed class FhirAuditBundleWriter(FhirAuditEventMapper mapper, TimeProvider time)
{
    public const string ContentType = "application/fhir+json";

    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir(Hl7.Fhir.Model.ModelInfo.ModelInspector);

    /// <summary>Writes the bundle to <paramref name="output"/>; returns how many AuditEvents it holds.</summary>
    public async Task<int> WriteAsync(IAsyncEnumerable<AuditEvent> rows, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        var count = 0;
        // The serializer flushes its writer synchronously: it writes into memory, which is copied to the output asynchronously.
        using var buffer = new MemoryStream();
        await using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        json.WriteString("resourceType", "Bundle");
        json.WriteString("type", "collection");
        json.WriteString("timestamp", time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteStartArray("entry");
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteString("fullUrl", $"urn:pacsviewer:audit-event:{row.Id}");
            json.WritePropertyName("resource");
            JsonSerializer.Serialize(json, mapper.Map(row), Json);
            json.WriteEndObject();
            count++;
            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (buffer.Length >= 64 * 1024)
            {
                await CopyAsync(buffer, output, cancellationToken).ConfigureAwait(false);
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        await CopyAsync(buffer, output, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static async Task CopyAsync(MemoryStream buffer, Stream output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        buffer.SetLength(0);
    }
}
