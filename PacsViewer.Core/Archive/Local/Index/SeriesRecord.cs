namespace PacsViewer.Core.Archive.Local.Index;

/// <summary>One series in the archive index (PS3.4 C.6.2.1.3 series level).</summary>
public sealed class SeriesRecord
{
    public long Id { get; set; }

    public long StudyId { get; set; }

    public StudyRecord? Study { get; set; }

    public required string SeriesInstanceUid { get; set; }

    public string? Modality { get; set; }

    public int? SeriesNumber { get; set; }

    public string? SeriesDescription { get; set; }

    public string? BodyPartExamined { get; set; }

    public List<InstanceRecord> Instances { get; set; } = [];
}
