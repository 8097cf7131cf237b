using System.ComponentModel.DataAnnotations;
using PacsViewer.Core.Reporting;

namespace PacsViewer.Web.Admin;

/// <summary>The report template editor's fields, with the limits the form checks before saving.</summary>
public sealed class TemplateForm
{
    /// <summary>0 for a new template.</summary>
    public long Id { get; set; }

    [Required(ErrorMessage = "Give the template a name")]
    [StringLength(128, ErrorMessage = "The name is at most 128 characters")]
    public string? Name { get; set; }

    /// <summary>Modality (0008,0060), a defined term such as CT (PS3.3 C.7.3.1.1.1); empty for any.</summary>
    [StringLength(16, ErrorMessage = "A modality is at most 16 characters")]
    [RegularExpression("^\\s*[A-Za-z0-9_]*\\s*$", ErrorMessage = "A modality is letters and digits, e.g. CT or MR")]
    public string? Modality { get; set; }

    /// <summary>Body Part Examined (0018,0015), a CS value such as CHEST (PS3.16 CID 4031); empty for any.</summary>
    [StringLength(64, ErrorMessage = "A body part is at most 64 characters")]
    [RegularExpression("^[A-Za-z0-9_ ]*$", ErrorMessage = "A body part is letters, digits, spaces or _, e.g. CHEST")]
    public string? BodyPart { get; set; }

    public string? ClinicalInformation { get; set; }

    public string? Technique { get; set; }

    public string? Comparison { get; set; }

    public string? Findings { get; set; }

    public string? Impression { get; set; }

    public ReportContent Content => new(ClinicalInformation ?? "", Technique ?? "", Comparison ?? "", Findings ?? "", Impression ?? "");

    public static TemplateForm From(ReportTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new TemplateForm
        {
            Id = template.Id, Name = template.Name, Modality = template.Modality, BodyPart = template.BodyPart,
            ClinicalInformation = template.ClinicalInformation, Technique = template.Technique, Comparison = template.Comparison,
            Findings = template.Findings, Impression = template.Impression,
        };
    }
}
