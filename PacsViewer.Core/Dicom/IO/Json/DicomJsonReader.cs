using System.Globalization;
using System.Text.Json;
using PacsViewer.Core.Dicom.CharacterSets;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Dicom.IO.Json;

/// <summary>
/// Reads a DICOM JSON Model object (PS3.18 F.2) into an immutable <see cref="DicomDataset"/>. Text is encoded
/// with the Specific Character Set (0008,0005) given in the same object (or inherited from the enclosing one),
/// private elements get the creator named by their block's (gggg,00xx) element (PS3.5 7.8.1), and
/// "BulkDataURI" values go through <see cref="DicomJsonReaderOptions.BulkDataResolver"/>. Anything that does
/// not follow the model throws <see cref="DicomFormatException"/> naming the attribute path.
/// The value rules for each VR are in DicomJsonReader.Values.cs.
/// </summary>
public static partial class DicomJsonReader
{
    /// <summary>Parses JSON text holding one DICOM JSON Model object.</summary>
    public static DicomDataset Parse(string json, DicomJsonReaderOptions? options = null)
    {
        options ??= DicomJsonReaderOptions.Default;
        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions(options));
            return Read(document.RootElement, options);
        }
        catch (JsonException e)
        {
            throw new DicomFormatException($"DICOM JSON: not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Reads UTF-8 JSON holding one DICOM JSON Model object from a stream.</summary>
    public static async Task<DicomDataset> ReadAsync(Stream stream, DicomJsonReaderOptions? options, CancellationToken cancellationToken)
    {
        options ??= DicomJsonReaderOptions.Default;
        try
        {
            using var document = await JsonDocument.ParseAsync(stream, DocumentOptions(options), cancellationToken).ConfigureAwait(false);
            return Read(document.RootElement, options);
        }
        catch (JsonException e)
        {
            throw new DicomFormatException($"DICOM JSON: not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Reads a DICOM JSON Model object already parsed.</summary>
    public static DicomDataset Read(JsonElement json, DicomJsonReaderOptions? options = null) =>
        ReadObject(json, "", null, 0, options ?? DicomJsonReaderOptions.Default);

    private static JsonDocumentOptions DocumentOptions(DicomJsonReaderOptions options) =>
        // Each sequence level costs three JSON levels: attribute object, "Value" array, item object.
        new() { MaxDepth = 3 * options.MaxSequenceDepth + 4 };

    private static DicomDataset ReadObject(JsonElement json, string pathPrefix, DicomCharacterSet? inherited, int depth, DicomJsonReaderOptions options)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw Fail(pathPrefix.TrimEnd('/'), $"expected a JSON object, found {json.ValueKind}");
        }
        var characterSet = inherited ?? DicomCharacterSet.Default;
        var creators = new Dictionary<uint, string>();
        foreach (var property in json.EnumerateObject())
        {
            var tag = ParseKey(property.Name, pathPrefix);
            if (tag == DicomTags.SpecificCharacterSet)
            {
                characterSet = DicomCharacterSet.FromTerms(ReadStringList(property.Value));
            }
            else if (tag.IsPrivateCreator && ReadCreator(property.Value) is { } creator)
            {
                creators[tag.Value] = creator;
            }
        }

        var elements = new List<DicomElement>();
        foreach (var property in json.EnumerateObject())
        {
            var tag = ParseKey(property.Name, pathPrefix);
            // PS3.5 7.8.1: (gggg,xxee) belongs to the creator in (gggg,00xx).
            var creator = tag.IsPrivate && !tag.IsPrivateCreator
                && creators.TryGetValue(((uint)tag.Group << 16) | (uint)(tag.Element >> 8), out var c) ? c : null;
            elements.Add(ReadElement(property.Value, tag, creator, pathPrefix + property.Name, characterSet, depth, options));
        }
        return new DicomDataset(elements, inherited);
    }

    private static DicomElement ReadElement(JsonElement json, DicomTag tag, string? creator, string path,
        DicomCharacterSet characterSet, int depth, DicomJsonReaderOptions options)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw Fail(path, $"expected an attribute object, found {json.ValueKind}");
        }
        var vr = ReadVR(json, tag, path);
        var hasValue = json.TryGetProperty("Value", out var value) && value.ValueKind != JsonValueKind.Null;
        var hasUri = json.TryGetProperty("BulkDataURI", out var uri);
        var hasInline = json.TryGetProperty("InlineBinary", out var inline);
        if ((hasValue ? 1 : 0) + (hasUri ? 1 : 0) + (hasInline ? 1 : 0) > 1)
        {
            throw Fail(path, "more than one of \"Value\", \"BulkDataURI\" and \"InlineBinary\" (PS3.18 F.2.2 allows at most one)");
        }

        if (vr == DicomVR.SQ)
        {
            if (hasUri || hasInline)
            {
                throw Fail(path, "a sequence cannot have \"BulkDataURI\" or \"InlineBinary\"");
            }
            return new DicomSequence(tag, hasValue ? ReadItems(value, path, characterSet, depth, options) : [], creator);
        }
        if (hasUri)
        {
            if (uri.ValueKind != JsonValueKind.String)
            {
                throw Fail(path, "\"BulkDataURI\" is not a string");
            }
            var text = uri.GetString()!;
            var source = options.BulkDataResolver?.Invoke(path, vr, text) ?? new DicomBulkDataReference(text, path);
            return new DicomValueElement(tag, vr, source, creator);
        }
        if (hasInline)
        {
            if (!IsBinary(vr))
            {
                throw Fail(path, $"\"InlineBinary\" is only for OB, OD, OF, OL, OV, OW and UN, not {vr.Code()} (PS3.18 F.2.7)");
            }
            if (inline.ValueKind != JsonValueKind.String || !inline.TryGetBytesFromBase64(out var bytes))
            {
                throw Fail(path, "\"InlineBinary\" is not valid base64");
            }
            return new DicomValueElement(tag, vr, PadEven(bytes, 0), creator);
        }
        if (!hasValue)
        {
            return new DicomValueElement(tag, vr, DicomValueSource.Empty, creator); // PS3.18 F.2.5
        }
        if (IsBinary(vr))
        {
            throw Fail(path, $"\"Value\" is not allowed for {vr.Code()}; use \"InlineBinary\" or \"BulkDataURI\" (PS3.18 F.2.2)");
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Fail(path, "\"Value\" is not an array");
        }
        return new DicomValueElement(tag, vr, EncodeValues(value, vr, path, characterSet), creator);
    }

    private static List<DicomDataset> ReadItems(JsonElement value, string path, DicomCharacterSet characterSet, int depth, DicomJsonReaderOptions options)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Fail(path, "\"Value\" of a sequence is not an array");
        }
        if (depth + 1 > options.MaxSequenceDepth)
        {
            throw Fail(path, $"sequences nested deeper than {options.MaxSequenceDepth} levels");
        }
        var items = new List<DicomDataset>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            items.Add(ReadObject(item, $"{path}/{i}/", characterSet, depth + 1, options));
            i++;
        }
        return items;
    }

    private static DicomVR ReadVR(JsonElement json, DicomTag tag, string path)
    {
        if (!json.TryGetProperty("vr", out var vr))
        {
            // PS3.18 F.2.2 requires "vr"; fall back on the dictionary like an implicit VR reader would.
            return tag.IsPrivateCreator ? DicomVR.LO : DicomDictionary.GetDefaultVR(tag);
        }
        if (vr.ValueKind != JsonValueKind.String || !DicomVRInfo.TryParse(vr.GetString(), out var parsed))
        {
            throw Fail(path, $"unknown VR {vr.GetRawText()}");
        }
        return parsed;
    }

    private static DicomTag ParseKey(string key, string pathPrefix)
    {
        // PS3.18 F.2.1.1: eight hex digits (upper case when written; either case accepted).
        if (key.Length != 8 || !uint.TryParse(key, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw Fail(pathPrefix + key, $"'{key}' is not a tag key of eight hex digits");
        }
        return new DicomTag(value);
    }

    private static string[] ReadStringList(JsonElement attribute) =>
        attribute.ValueKind == JsonValueKind.Object && attribute.TryGetProperty("Value", out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : "").ToArray()
            : [];

    /// <summary>A private creator is LO (PS3.5 7.8.1), but files written with VR UN carry it as InlineBinary.</summary>
    private static string? ReadCreator(JsonElement attribute)
    {
        if (ReadStringList(attribute) is [var text, ..])
        {
            return text.TrimEnd(' ', '\0');
        }
        if (attribute.ValueKind == JsonValueKind.Object && attribute.TryGetProperty("InlineBinary", out var inline)
            && inline.ValueKind == JsonValueKind.String && inline.TryGetBytesFromBase64(out var bytes))
        {
            return System.Text.Encoding.Latin1.GetString(bytes).TrimEnd(' ', '\0');
        }
        return null;
    }

    private static DicomFormatException Fail(string path, string problem) =>
        new($"DICOM JSON: {(path.Length == 0 ? "top level" : path)}: {problem}");
}
