using System.Globalization;
using PacsViewer.Core.Archive;

namespace PacsViewer.Web.Endpoints;

/// <summary>
/// The keys of a study search as the client sends them: in the query string of <c>GET .../studies</c>, or as the JSON
/// body of <c>POST .../studies/search</c>, which keeps patient names and IDs out of URLs (and so out of proxy and
/// access logs). Dates are yyyy-MM-dd.
/// </summary>
public sealed record StudySearchRequest(string? PatientName = null, string? PatientId = null, string? Accession = null,
    string? Modality = null, string? From = null, string? To = null, int? Limit = null)
{
    /// <summary>Largest study list one request may ask for.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The request from a query string (last value of each key).</summary>
    public static StudySearchRequest FromQuery(IQueryCollection q)
    {
        ArgumentNullException.ThrowIfNull(q);
        string? Text(string name) => q.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v[^1]) ? v[^1] : null;
        int? limit = null;
        if (Text("limit") is { } l)
        {
            limit = int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : throw new ApiParameterException("limit", $"must be a number from 1 to {MaxLimit}");
        }
        return new StudySearchRequest(Text("patientName"), Text("patientId"), Text("accession"), Text("modality"), Text("from"), Text("to"), limit);
    }

    /// <summary>The validated study query; a bad value is an <see cref="ApiParameterException"/> naming it.</summary>
    public StudyQuery ToQuery()
    {
        static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        static DateOnly? Date(string name, string? text) => Trim(text) is not { } t ? null
            : DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new ApiParameterException(name, $"'{(t.Length > 20 ? t[..20] : t)}' is not a date yyyy-MM-dd");
        if (Limit is < 1 or > MaxLimit)
        {
            throw new ApiParameterException("limit", $"must be a number from 1 to {MaxLimit}");
        }
        var (from, to) = (Date("from", From), Date("to", To));
        if (from > to)
        {
            throw new ApiParameterException("from", "the range starts after it ends");
        }
        return new StudyQuery
        {
            PatientName = Trim(PatientName),
            PatientId = Trim(PatientId),
            AccessionNumber = Trim(Accession),
            Modality = Trim(Modality)?.ToUpperInvariant(),
            StudyDateFrom = from,
            StudyDateTo = to,
            Limit = Limit,
        };
    }
}
