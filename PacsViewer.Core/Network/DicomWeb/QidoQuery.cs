using System.Globalization;
using System.Text;
using PacsViewer.Core.Dicom;

namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>
/// The query parameters of a QIDO-RS search (PS3.18 8.3.4): matching keys (attribute and value; wildcards <c>*</c>
/// <c>?</c>, ranges <c>from-to</c> for dates and times, PS3.4 C.2.2.2), <c>includefield</c>, <c>fuzzymatching</c>,
/// <c>limit</c> and <c>offset</c>.
/// </summary>
public sealed record QidoQuery
{
    public static readonly QidoQuery All = new();

    /// <summary>Matching keys in order. Each is sent as <c>{gggg eeee}={value}</c> (PS3.18 8.3.4.1).</summary>
    public IReadOnlyList<KeyValuePair<DicomTag, string>> MatchKeys { get; init; } = [];

    /// <summary>Attributes to return besides the defaults (PS3.18 8.3.4.3).</summary>
    public IReadOnlyList<DicomTag> IncludeFields { get; init; } = [];

    /// <summary>Ask for every available attribute (<c>includefield=all</c>).</summary>
    public bool IncludeAllFields { get; init; }

    /// <summary>Ask for fuzzy matching of person names (PS3.18 8.3.4.4).</summary>
    public bool FuzzyMatching { get; init; }

    /// <summary>At most this many results (PS3.18 8.3.4.5).</summary>
    public int? Limit { get; init; }

    /// <summary>Results to skip (PS3.18 8.3.4.5).</summary>
    public int? Offset { get; init; }

    /// <summary>A copy with one more matching key.</summary>
    public QidoQuery Match(DicomTag tag, string value) => this with { MatchKeys = [.. MatchKeys, new(tag, value)] };

    /// <summary>A copy that also returns <paramref name="tags"/>.</summary>
    public QidoQuery Include(params DicomTag[] tags) => this with { IncludeFields = [.. IncludeFields, .. tags] };

    /// <summary>The query string, without the leading '?' (empty when nothing constrains the search).</summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        foreach (var (tag, value) in MatchKeys)
        {
            parts.Add($"{Key(tag)}={EscapeValue(value)}");
        }
        if (IncludeAllFields)
        {
            parts.Add("includefield=all");
        }
        foreach (var tag in IncludeFields)
        {
            parts.Add($"includefield={Key(tag)}");
        }
        if (FuzzyMatching)
        {
            parts.Add("fuzzymatching=true");
        }
        if (Limit is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(limit, nameof(Limit));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"limit={limit}"));
        }
        if (Offset is { } offset)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(offset, nameof(Offset));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"offset={offset}"));
        }
        return string.Join('&', parts);
    }

    private static string Key(DicomTag tag) => tag.ToJsonKey();

    /// <summary>
    /// Percent-encodes what would break the query or is not allowed in it (RFC 3986 3.4): controls, space, non-ASCII,
    /// <c>% &amp; # + = " &lt; &gt; \ ` { | }</c>. Matching characters (<c>* ? , - . :</c>) stay literal, and so does the
    /// person name delimiter <c>^</c>: Orthanc 1.10 with DICOMweb 1.7 does not decode percent escapes in QIDO values
    /// (<c>%5E</c> or <c>%2A</c> would be matched literally), and HTTP servers accept a bare <c>^</c> in practice.
    /// </summary>
    internal static string EscapeValue(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b <= 0x20 || b >= 0x7F || "%&#+=\"<>\\`{|}"u8.Contains(b))
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append((char)b);
            }
        }
        return text.ToString();
    }

    /// <summary>Only the parameter names, for logs (values may be patient data).</summary>
    public override string ToString()
    {
        var text = new StringBuilder("QidoQuery(");
        text.AppendJoin(',', MatchKeys.Select(k => Key(k.Key)));
        return text.Append(')').ToString();
    }
}
