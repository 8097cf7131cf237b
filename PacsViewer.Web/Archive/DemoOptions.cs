namespace PacsViewer.Web.Archive;

/// <summary>Development demo data (section <c>Demo</c>).</summary>
public sealed record DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Seed the built-in archive with generated studies on start in Development when it is empty.</summary>
    public bool SeedArchive { get; set; } = true;
}
