using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PacsViewer.Core.Dicom.IO.Json;

/// <summary>
/// Writes a dataset as a DICOM JSON Model object (PS3.18 F.2). Attributes are written in tag order, which is the
/// ascending order of their keys (F.2.2); Group Length (gggg,0000) elements are left out (F.2.2). The value
/// rules for each VR are in DicomJsonWriter.Values.cs. Non-ASCII text is written as UTF-8, not escaped.
/// </summary>
public static partial class DicomJsonWriter
{
    /// <summary>The dataset as a JSON string.</summary>
    public static string Serialize(DicomDataset dataset, DicomJsonWriterOptions? options = null)
    {
        options ??= DicomJsonWriterOptions.Default;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CreateWriterOptions(options)))
        {
            Write(writer, dataset, options);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the dataset as one JSON object to <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonWriterOptions? options = null)
    {
        options ??= DicomJsonWriterOptions.Default;
        WriteObject(writer, dataset, "", options);
    }

    /// <summary>Writes the dataset as UTF-8 JSON to <paramref name="stream"/>, flushing as it goes.</summary>
    public static async Task WriteAsync(Stream stream, DicomDataset dataset, DicomJsonWriterOptions? options, CancellationToken cancellationToken)
    {
        options ??= DicomJsonWriterOptions.Default;
        await using var writer = new Utf8JsonWriter(stream, CreateWriterOptions(options));
        writer.WriteStartObject();
        foreach (var element in dataset)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteElement(writer, dataset, element, "", options);
            if (writer.BytesPending > 1 << 20)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The writer settings used by <see cref="Serialize"/> and <see cref="WriteAsync"/>.</summary>
    public static JsonWriterOptions CreateWriterOptions(DicomJsonWriterOptions options) => new()
    {
        Indented = options.Indented,
        // application/dicom+json is not embedded in HTML: keep names and text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    private static void WriteObject(Utf8JsonWriter writer, DicomDataset dataset, string pathPrefix, DicomJsonWriterOptions options)
    {
        writer.WriteStartObject();
        foreach (var element in dataset)
        {
            WriteElement(writer, dataset, element, pathPrefix, options);
        }
        writer.WriteEndObject();
    }

    private static void WriteElement(Utf8JsonWriter writer, DicomDataset dataset, DicomElement element, string pathPrefix, DicomJsonWriterOptions options)
    {
        if (element.Tag.IsGroupLength)
        {
            return; // PS3.18 F.2.2: Group Length attributes are not included.
        }
        var key = element.Tag.ToJsonKey();
        var path = pathPrefix + key;
        switch (element)
        {
            case DicomSequence sequence:
                writer.WriteStartObject(key);
                writer.WriteString("vr", "SQ");
                if (sequence.Items.Length > 0)
                {
                    // PS3.18 F.2.2: each item is a DICOM JSON Model object; an empty item is {}.
                    writer.WriteStartArray("Value");
                    for (var i = 0; i < sequence.Items.Length; i++)
                    {
                        WriteObject(writer, sequence.Items[i], $"{path}/{i}/", options);
                    }
                    writer.WriteEndArray();
                }
                writer.WriteEndObject();
                return;

            case DicomFragmentSequence fragments:
                // Encapsulated pixel data (PS3.5 A.4) has no inline form: a BulkDataURI or nothing.
                if (options.BulkDataUriProvider?.Invoke(path, fragments) is { } fragmentsUri)
                {
                    writer.WriteStartObject(key);
                    writer.WriteString("vr", VRCode(fragments.VR));
                    writer.WriteString("BulkDataURI", fragmentsUri);
                    writer.WriteEndObject();
                }
                return;

            case DicomValueElement value:
                WriteValueElement(writer, dataset, value, key, path, options);
                return;
        }
    }

    /// <summary>VR None never leaves the reader; if met, it is written as UN (PS3.5 6.2.2).</summary>
    private static string VRCode(DicomVR vr) => vr == DicomVR.None ? "UN" : vr.Code();
}
