using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Archive.Local;

namespace PacsViewer.Core.Viewing;

/// <summary>
/// The one lookup of study sources by id: the sources registered at start (the built-in archive and each
/// <c>Pacs:Sources</c> entry, fixed for the process) and the admin-managed PACS connections of the database, which
/// <see cref="Set"/> and <see cref="Remove"/> add, replace and take away while the app runs (issue 7). Readers get an
/// immutable snapshot, so a lookup never sees a half-made change; <see cref="Changed"/> tells listeners afterwards.
/// </summary>
public sealed class StudySourceCatalog
{
    private readonly ImmutableArray<IStudySource> _configured;
    private readonly Lock _gate = new();
    private Snapshot _snapshot;

    public StudySourceCatalog(IEnumerable<IStudySource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var byId = new Dictionary<string, IStudySource>(StringComparer.Ordinal);
        var ordered = ImmutableArray.CreateBuilder<IStudySource>();
        foreach (var source in sources)
        {
            if (byId.TryAdd(source.Id, source))
            {
                ordered.Add(source);
            }
        }
        _configured = ordered.ToImmutable();
        _snapshot = new Snapshot(_configured, byId.ToImmutableDictionary(StringComparer.Ordinal));
    }

    /// <summary>Raised after a source was added, replaced or removed at run time; the argument is its id.</summary>
    public event EventHandler<string>? Changed;

    /// <summary>The sources: the registered ones in registration order, then the run-time ones in the order they were added.</summary>
    public IReadOnlyCollection<IStudySource> All => Volatile.Read(ref _snapshot).Ordered;

    public bool TryGet(string id, [NotNullWhen(true)] out IStudySource? source) => Volatile.Read(ref _snapshot).ById.TryGetValue(id, out source);

    /// <summary>Whether <paramref name="id"/> names a source registered at start (configuration or the built-in archive), which cannot be changed here.</summary>
    public bool IsConfigured(string id) => _configured.Any(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Adds a run-time source, or replaces the one with its id (lookups started before keep the old one until they
    /// finish). A registered source cannot be replaced: its id is refused with an <see cref="InvalidOperationException"/>.
    /// </summary>
    public void Set(IStudySource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (IsConfigured(source.Id))
        {
            throw new InvalidOperationException($"source {source.Id} comes from the configuration and cannot be replaced at run time");
        }
        lock (_gate)
        {
            var current = _snapshot;
            var ordered = current.ById.TryGetValue(source.Id, out var old)
                ? current.Ordered.Replace(old, source)
                : current.Ordered.Add(source);
            Volatile.Write(ref _snapshot, new Snapshot(ordered, current.ById.SetItem(source.Id, source)));
        }
        Changed?.Invoke(this, source.Id);
    }

    /// <summary>Removes a run-time source; false when there is none of that id (or it is a registered one, which stays).</summary>
    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (IsConfigured(id))
        {
            return false;
        }
        lock (_gate)
        {
            var current = _snapshot;
            if (!current.ById.TryGetValue(id, out var old))
            {
                return false;
            }
            Volatile.Write(ref _snapshot, new Snapshot(current.Ordered.Remove(old), current.ById.Remove(id)));
        }
        Changed?.Invoke(this, id);
        return true;
    }

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

    private sealed record Snapshot(ImmutableArray<IStudySource> Ordered, ImmutableDictionary<string, IStudySource> ById);
}
