using System.Text;

namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// The coded concepts of the exported report: the document title of PS3.16 CID 7000, section headings of CID 7001
/// (Diagnostic Imaging Report Headings) and the text items of CID 7002 (Diagnostic Imaging Report Elements), as
/// TID 2000 (Basic Diagnostic Imaging Report) and TID 2001/2002 use them; observer context of TID 1002.
/// </summary>
internal static class ReportConcepts
{
    /// <summary>Local coding scheme for section headings that no standard heading fits (PS3.16 8.2: "99" prefix).</summary>
    public const string LocalScheme = "99PACSVIEWER";

    public static readonly ReportConcept DiagnosticImagingReport = new("18748-4", "LN", "Diagnostic Imaging Report");
    public static readonly ReportConcept ObserverType = new("121005", "DCM", "Observer Type");
    public static readonly ReportConcept Person = new("121006", "DCM", "Person");
    public static readonly ReportConcept PersonObserverName = new("121008", "DCM", "Person Observer Name");
    public static readonly ReportConcept AddendumHeading = new("55107-7", "LN", "Addendum");
    public static readonly ReportConcept Addendum = new("121078", "DCM", "Addendum");
    public static readonly ReportConcept CriticalResultsHeading = new("73568-8", "LN", "Communication of Critical Results");
    public static readonly ReportConcept Comment = new("121106", "DCM", "Comment");

    private static readonly ReportConcept Finding = new("121071", "DCM", "Finding");

    /// <summary>Heading (CID 7001) and text item (CID 7002) by words of a section title, first match wins.</summary>
    private static readonly (string[] Words, ReportConcept Heading, ReportConcept Element)[] Sections =
    [
        (["impression"], new("19005-8", "LN", "Impressions"), new("121073", "DCM", "Impression")),
        (["finding"], new("59776-5", "LN", "Findings"), Finding),
        (["recommend"], new("18783-1", "LN", "Recommendations"), new("121075", "DCM", "Recommendation")),
        (["conclusion"], new("55110-1", "LN", "Conclusions"), new("121077", "DCM", "Conclusion")),
        (["summary"], new("55112-7", "LN", "Summary"), new("121111", "DCM", "Summary")),
        (["comparison", "prior"], new("55114-3", "LN", "Prior Procedure Descriptions"), new("121065", "DCM", "Procedure Description")),
        (["technique", "procedure", "protocol"], new("55111-9", "LN", "Current Procedure Descriptions"), new("121065", "DCM", "Procedure Description")),
        (["indication"], new("18785-6", "LN", "Indications for Procedure"), new("11329-0", "LN", "History")),
        (["clinical", "history"], new("55752-0", "LN", "Clinical Information"), new("11329-0", "LN", "History")),
        (["request"], new("55115-0", "LN", "Request"), new("55115-0", "LN", "Request")),
    ];

    /// <summary>
    /// The heading and text-item concepts for a section title. A title no standard heading fits gets a heading in
    /// <see cref="LocalScheme"/> whose meaning is the title itself, and a Finding text item.
    /// </summary>
    public static (ReportConcept Heading, ReportConcept Element) ForSection(string title)
    {
        var lower = title.ToLowerInvariant();
        foreach (var (words, heading, element) in Sections)
        {
            if (words.Any(w => lower.Contains(w, StringComparison.Ordinal)))
            {
                return (heading, element);
            }
        }
        return (new ReportConcept(LocalCode(title), LocalScheme, Truncate(title.Trim(), 64)), Finding);
    }

    /// <summary>A code value (SH, at most 16 characters) made of the title's letters and digits.</summary>
    private static string LocalCode(string title)
    {
        var code = new StringBuilder();
        foreach (var c in title.ToUpperInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) && code.Length < 16)
            {
                code.Append(c);
            }
        }
        return code.Length == 0 ? "SECTION" : code.ToString();
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
