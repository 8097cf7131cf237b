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

    /// <summary>
    /// Statistics of the stored values of frame 0 after decoding (masked to Bits Stored, sign-extended), before any
    /// LUT: the "frame0" object of the reference. Null when the reference has none (not decodable by pydicom).
    /// </summary>
    public (double Min, double Max, double Mean)? Frame0()
    {
        if (!_root.TryGetProperty("frame0", out var f) || f.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        return (f.GetProperty("min").GetDouble(), f.GetProperty("max").GetDouble(), f.GetProperty("mean").GetDouble());
    }

    /// <summary>True when the reference says pydicom (or dcmtk, see "decoder") decoded the pixel data.</summary>
    public bool IsDecodable => String("decode") == "ok";

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
