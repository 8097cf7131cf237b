namespace PacsViewer.Core.Storage;

/// <summary>
/// A retention rule of the built-in archive: studies (of one modality, or any) older than <see cref="MinAgeDays"/> may
/// be deleted. Never applied to a study with an unsigned report or under a <see cref="StudyHold"/>; a dry run lists what
/// would go.
/// </summary>
public sealed class RetentionRule
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>A modality (CT, MR...) in Modalities in Study, or null for any study.</summary>
    public string? Modality { get; set; }

    public int MinAgeDays { get; set; }

    public RetentionAgeBasis AgeBasis { get; set; }

    public bool Enabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    /// <summary>Optimistic concurrency between admins.</summary>
    public Guid Version { get; set; }
}
