namespace PacsViewer.Core.Archive;

/// <summary>The <c>Pacs</c> configuration section: the configured study sources (appsettings; an admin screen later).</summary>
public sealed class PacsOptions
{
    public const string SectionName = "Pacs";

    public List<PacsSourceOptions> Sources { get; set; } = [];

    /// <summary>Every problem with the sources (bad settings, duplicate names); empty when all are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = Sources.Select(s => s.Validate()).OfType<string>().ToList();
        problems.AddRange(Sources.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => $"source name {g.Key} is used {g.Count()} times; names must be unique"));
        return problems;
    }
}
