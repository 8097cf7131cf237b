using System.ComponentModel.DataAnnotations;
using PacsViewer.Core.Reporting;

namespace PacsViewer.Web.Admin;

/// <summary>The phrase editor's fields, with the limits the form checks before saving.</summary>
public sealed class PhraseForm
{
    /// <summary>0 for a new phrase.</summary>
    public long Id { get; set; }

    [Required(ErrorMessage = "Give the phrase a label")]
    [StringLength(128, ErrorMessage = "The label is at most 128 characters")]
    public string? Label { get; set; }

    [Required(ErrorMessage = "Give the phrase its text")]
    [StringLength(4000, ErrorMessage = "A phrase is at most 4000 characters")]
    public string? Text { get; set; }

    /// <summary>Modality (0008,0060) the phrase is offered for; empty for any.</summary>
    [StringLength(16, ErrorMessage = "A modality is at most 16 characters")]
    [RegularExpression("^\\s*[A-Za-z0-9_]*\\s*$", ErrorMessage = "A modality is letters and digits, e.g. CT or MR")]
    public string? Modality { get; set; }

    public static PhraseForm From(ReportPhrase phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        return new PhraseForm { Id = phrase.Id, Label = phrase.Label, Text = phrase.Text, Modality = phrase.Modality };
    }
}
