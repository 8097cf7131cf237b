using Microsoft.EntityFrameworkCore;

namespace PacsViewer.Core.Storage;

public sealed partial class StorageStatisticsService
{
    /// <summary>
    /// Writes one <see cref="StorageSample"/> per archive modality and per cache source, all with the same
    /// <see cref="StorageSample.TakenAt"/> (an empty archive writes one zero row, so the sample still marks the time);
    /// then thins old samples. Returns the rows written.
    /// </summary>
    public async Task<IReadOnlyList<StorageSample>> TakeSampleAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var usage = (await GetArchiveUsageAsync(cancellationToken).ConfigureAwait(false)).ToList();
        if (usage.Count == 0)
        {
            usage.Add(new StorageUsage(StorageArea.Archive, archive.Id, "", 0, 0));
        }
        usage.AddRange(GetCacheUsage());
        var samples = usage.Select(u => new StorageSample
        {
            TakenAt = now, Area = u.Area, SourceName = u.SourceName, Modality = u.Modality, Objects = u.Objects, Bytes = u.Bytes,
        }).ToList();
        await using (var db = database.CreateContext())
        {
            db.StorageSamples.AddRange(samples);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        await ThinSamplesAsync(now, cancellationToken).ConfigureAwait(false);
        return samples;
    }

    /// <summary>
    /// Keeps every sample of the last <see cref="StorageOptions.KeepHourlySamples"/> (7 days by default) and, before that,
    /// only the first sample of each UTC day. Returns how many rows were deleted.
    /// </summary>
    public async Task<int> ThinSamplesAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var cutoff = now - options.Value.KeepHourlySamples;
        await using var db = database.CreateContext();
        var times = await db.StorageSamples.Where(s => s.TakenAt < cutoff).Select(s => s.TakenAt).Distinct()
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var drop = times.GroupBy(t => t.UtcDateTime.Date).SelectMany(day => day.Order().Skip(1)).ToList();
        if (drop.Count == 0)
        {
            return 0;
        }
        return await db.StorageSamples.Where(s => drop.Contains(s.TakenAt)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
