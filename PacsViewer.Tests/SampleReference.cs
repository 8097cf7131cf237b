using System.Text.Json;

namespace PacsViewer.Tests;

/// <summary>
/// Values decoded by pydicom for one corpus file (refs/&lt;file&gt;.json). References are never regenerated
/// from our own output.
/// </summary>
public sealed class SampleReference
{
    private readonly JsonElement _root;

    private SampleReference(JsonElement root) => _root = root;

    public static SampleReference? For(string relativePath)
    {
        var path = Path.Combine(TestFiles.SamplesDirectory, "refs", relativePath + ".json");
        if (!File.Exists(path))
        {
            return null;
        }
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return new SampleReference(doc.RootElement.Clone());
    }

    public string? String(string key) =>
        _root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public int? Int(string key) =>
        _root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    public bool? Bool(string key) =>
        _root.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    public bool Has(string key) => _root.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>A number or a list of numbers (window values may be multi-valued).</summary>
    public double[]? Numbers(string key)
    {
        if (!_root.TryGetProperty(key, out var v))
        {
            return null;
        }
        return v.ValueKind switch
        {
            JsonValueKind.Number => [v.GetDouble()],
            JsonValueKind.Array => v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => x.GetDouble()).ToArray(),
            _ => null,
        };
    }

    /// <summary>A string or a list of strings (Specific Character Set).</summary>
    public string[]? Strings(string key)
    {
        if (!_root.TryGetProperty(key, out var v))
        {
            return null;
        }
        return v.ValueKind switch
        {
            JsonValueKind.String => [v.GetString()!],
            JsonValueKind.Array => v.EnumerateArray().Select(x => x.GetString() ?? "").ToArray(),
            _ => null,
        };
    }
}
