namespace PacsViewer.Core.Reporting.Export;

/// <summary>Settings of the report exports, bound from <c>Reporting:Export</c>.</summary>
public sealed class ReportExportOptions
{
    public const string SectionName = "Reporting:Export";

    /// <summary>
    /// The organization the signing radiologists belong to: Verifying Organization (0040,A027) of the SR, the PDF
    /// footer and the FHIR performer. Empty by default (the SR attribute is Type 2).
    /// </summary>
    public string Organization { get; set; } = "";

    /// <summary>Series Number (0020,0011) of the report series the SR documents are filed under.</summary>
    public int SeriesNumber { get; set; } = 9901;

    /// <summary>Folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf (Debian package fonts-dejavu-core) for the PDF.</summary>
    public string FontDirectory { get; set; } = "/usr/share/fonts/truetype/dejavu";
}
