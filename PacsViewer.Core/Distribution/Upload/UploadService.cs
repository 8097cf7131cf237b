using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Data;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Core.Distribution.Upload;

/// <summary>
/// Browser uploads: a batch to stage the files into (<see cref="Begin"/>), the destinations a user may pick, and the
/// Upload job queued with one planned item per file (label = the file's name as text, staged path = the server's
/// name for it); then the job's view for its page. The caller has checked the user's Upload permission.
/// </summary>
public sealed class UploadService(IOptions<UploadOptions> options, ITransferJobQueue queue, StudySourceCatalog catalog, PacsViewerDatabase database,
    IOptions<ArchiveOptions> archive)
{
    public UploadOptions Options => options.Value;

    /// <summary>A new, empty staging batch (dispose it; <see cref="QueueAsync"/> hands its files to the job).</summary>
    public UploadBatch Begin() => new(options.Value);

    /// <summary>The built-in archive first, then each upstream source of the catalog.</summary>
    public IReadOnlyList<UploadDestination> Destinations()
    {
        var archiveId = archive.Value.SourceId;
        return catalog.All
            .Select(s => new UploadDestination(s.Id, s.Id == archiveId ? "Built-in archive" : s.Id, StudySourceCatalog.KindOf(s)))
            .Where(d => d.Kind is "archive" or "dicomweb" or "dimse")
            .OrderBy(d => d.Kind == "archive" ? 0 : 1)
            .ThenBy(d => d.DisplayName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public bool IsDestination(string id) => Destinations().Any(d => string.Equals(d.Id, id, StringComparison.Ordinal));

    /// <summary>
    /// Queues the Upload job for <paramref name="batch"/>'s files and hands them over (a file refused while staging is
    /// an item already Failed with its reason); returns the job's id.
    /// </summary>
    public async Task<long> QueueAsync(UploadBatch batch, string destination, string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        ArgumentException.ThrowIfNullOrEmpty(userName);
        if (batch.Files.Count == 0)
        {
            throw new ArgumentException("the upload has no files", nameof(batch));
        }
        var job = new TransferJob
        {
            Kind = TransferJobKind.Upload,
            CreatedBy = userName,
            Destination = destination,
            Description = string.Create(CultureInfo.InvariantCulture, $"{batch.Files.Count} uploaded file(s) to {destination}"),
            ParametersJson = JsonSerializer.Serialize(new UploadParameters(destination)),
        };
        // A file refused while staging (a ZIP over its limits) is planned Failed with its reason: the queue keeps it.
        var items = batch.Files.Select(f => f.StagedPath is null
                ? new TransferJobItem { State = TransferItemState.Failed, Label = f.Label, Bytes = f.Bytes, Error = f.Error ?? "refused while staging" }
                : new TransferJobItem { State = TransferItemState.Pending, Label = f.Label, StagedPath = f.StagedPath, Bytes = f.Bytes })
            .ToList();
        var id = await queue.EnqueueAsync(job, items, cancellationToken).ConfigureAwait(false);
        if (items.Any(i => i.StagedPath is not null))
        {
            batch.Keep();
        }
        return id;
    }

    /// <summary>
    /// Deletes staging folders older than <see cref="UploadOptions.OrphanAge"/> that no Pending item of a job still
    /// needs (an upload cut off half way, a job deleted); returns how many. Run at start by the web host.
    /// </summary>
    public async Task<int> SweepOrphansAsync(CancellationToken cancellationToken = default)
    {
        var root = options.Value.Folder;
        if (!Directory.Exists(root))
        {
            return 0;
        }
        await using var db = database.CreateContext();
        var pending = await db.TransferJobItems.AsNoTracking()
            .Where(i => i.State == TransferItemState.Pending && i.StagedPath != null)
            .Select(i => i.StagedPath!)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var needed = pending.Select(Path.GetDirectoryName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var cutoff = DateTime.UtcNow - options.Value.OrphanAge;
        var deleted = 0;
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            if (needed.Contains(Path.GetFullPath(folder)) || Directory.GetLastWriteTimeUtc(folder) > cutoff)
            {
                continue;
            }
            try
            {
                Directory.Delete(folder, recursive: true);
                deleted++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // In use: the next sweep tries again.
            }
        }
        return deleted;
    }

    /// <summary>An Upload job and its items, or null when there is none with that id.</summary>
    public async Task<UploadJobView?> GetAsync(long jobId, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var job = await db.TransferJobs.AsNoTracking()
            .FirstOrDefaultAsync(j => j.Id == jobId && j.Kind == TransferJobKind.Upload, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return null;
        }
        var items = await db.TransferJobItems.AsNoTracking().Where(i => i.JobId == jobId).OrderBy(i => i.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new UploadJobView(job, items);
    }
}
