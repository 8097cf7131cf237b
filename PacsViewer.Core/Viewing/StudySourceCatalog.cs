using System.Diagnostics.CodeAnalysis;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Archive.Local;

namespace PacsViewer.Core.Viewing;

/// <summary>The configured study sources by id (the built-in archive and each <c>Pacs:Sources</c> entry), and their kinds.</summary>
public sealed class StudySourceCatalog
{
    private readonly Dictionary<string, IStudySource> _sources = new(StringComparer.Ordinal);

    public StudySourceCatalog(IEnumerable<IStudySource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        foreach (var source in sources)
        {
            _sources.TryAdd(source.Id, source);
        }
    }

    /// <summary>The sources in registration order.</summary>
    public IReadOnlyCollection<IStudySource> All => _sources.Values;

    public bool TryGet(string id, [NotNullWhen(true)] out IStudySource? source) => _sources.TryGetValue(id, out source);

    /// <summary>"archive", "dicomweb", "dimse", or "other" for a source of another type.</summary>
    public static string KindOf(IStudySource source)
    {
        var inner = source is CachingStudySource caching ? caching.Inner : source;
        return inner switch
        {
            LocalArchive => "archive",
            DicomWebStudySource => "dicomweb",
            DimseStudySource => "dimse",
            _ => "other",
        };
    }
}
