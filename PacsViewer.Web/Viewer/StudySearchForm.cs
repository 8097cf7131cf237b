namespace PacsViewer.Web.Viewer;

/// <summary>What the study list page's search form holds; <see cref="StudyListService.ToQuery"/> turns it into a query.</summary>
public sealed class StudySearchForm
{
    /// <summary>Patient's name or its beginning; DICOM wild cards (<c>*</c>, <c>?</c>) allowed.</summary>
    public string? PatientName { get; set; }

    public string? PatientId { get; set; }

    public string? AccessionNumber { get; set; }

    /// <summary>A modality the study contains (CT, MR, ...); null or empty for any.</summary>
    public string? Modality { get; set; }

    public DateTime? From { get; set; }

    public DateTime? To { get; set; }

    /// <summary>One source id, or null for all configured sources.</summary>
    public string? Source { get; set; }
}
