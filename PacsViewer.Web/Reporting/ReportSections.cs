using PacsViewer.Core.Reporting;

namespace PacsViewer.Web.Reporting;

/// <summary>Reading and replacing one section of a <see cref="ReportContent"/>, and its title.</summary>
public static class ReportSections
{
    public static IReadOnlyList<ReportSectionKind> All { get; } =
        [ReportSectionKind.ClinicalInformation, ReportSectionKind.Technique, ReportSectionKind.Comparison, ReportSectionKind.Findings, ReportSectionKind.Impression];

    public static string Title(this ReportSectionKind section) => section switch
    {
        ReportSectionKind.ClinicalInformation => "Clinical information",
        ReportSectionKind.Technique => "Technique",
        ReportSectionKind.Comparison => "Comparison",
        ReportSectionKind.Findings => "Findings",
        ReportSectionKind.Impression => "Impression",
        _ => throw new ArgumentOutOfRangeException(nameof(section)),
    };

    /// <summary>A short id for test hooks and element ids, e.g. "findings".</summary>
    public static string Key(this ReportSectionKind section) => section switch
    {
        ReportSectionKind.ClinicalInformation => "clinical",
        ReportSectionKind.Technique => "technique",
        ReportSectionKind.Comparison => "comparison",
        ReportSectionKind.Findings => "findings",
        ReportSectionKind.Impression => "impression",
        _ => throw new ArgumentOutOfRangeException(nameof(section)),
    };

    public static string Get(this ReportContent content, ReportSectionKind section)
    {
        ArgumentNullException.ThrowIfNull(content);
        return section switch
        {
            ReportSectionKind.ClinicalInformation => content.ClinicalInformation,
            ReportSectionKind.Technique => content.Technique,
            ReportSectionKind.Comparison => content.Comparison,
            ReportSectionKind.Findings => content.Findings,
            ReportSectionKind.Impression => content.Impression,
            _ => throw new ArgumentOutOfRangeException(nameof(section)),
        };
    }

    public static ReportContent With(this ReportContent content, ReportSectionKind section, string text)
    {
        ArgumentNullException.ThrowIfNull(content);
        return section switch
        {
            ReportSectionKind.ClinicalInformation => content with { ClinicalInformation = text },
            ReportSectionKind.Technique => content with { Technique = text },
            ReportSectionKind.Comparison => content with { Comparison = text },
            ReportSectionKind.Findings => content with { Findings = text },
            ReportSectionKind.Impression => content with { Impression = text },
            _ => throw new ArgumentOutOfRangeException(nameof(section)),
        };
    }

    /// <summary>Fills the empty sections of <paramref name="content"/> from a template; text already written is kept.</summary>
    public static ReportContent FillEmpty(this ReportContent content, ReportContent template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var result = content;
        foreach (var section in All)
        {
            if (string.IsNullOrWhiteSpace(result.Get(section)))
            {
                result = result.With(section, template.Get(section));
            }
        }
        return result;
    }

    /// <summary>Appends <paramref name="addition"/> to a section's text, on a new line when the text does not end with one.</summary>
    public static string Append(string text, string addition)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(addition);
        if (text.Length == 0)
        {
            return addition;
        }
        return text.EndsWith('\n') || text.EndsWith(' ') ? text + addition : text + "\n" + addition;
    }
}
