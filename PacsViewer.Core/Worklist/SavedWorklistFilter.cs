namespace PacsViewer.Core.Worklist;

/// <summary>A named worklist filter of one user, stored as JSON of <see cref="WorklistFilter"/>.</summary>
public sealed class SavedWorklistFilter
{
    public long Id { get; set; }

    public required string UserName { get; set; }

    public required string Name { get; set; }

    public required string FilterJson { get; set; }

    public DateTimeOffset SavedAt { get; set; }
}
