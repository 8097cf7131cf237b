using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Core.Distribution.Export;

/// <summary>
/// Runs Export jobs: plans the study's instances as items on the first run, then writes the ZIP (with its DICOMDIR,
/// optionally de-identified) into the export folder under a server-generated name: to a temporary name
/// (<c>.zip.part</c>) first, flushed, renamed when complete, then recorded as the job's result, so a partial file is
/// never the result. A ZIP cannot be appended to cheaply (an interrupted one has no central directory), so a resumed run
/// writes the whole ZIP again: objects already Done are rewritten without being counted twice, Pending ones are reported
/// as they go, Failed and Skipped ones stay out. Before writing, a run deletes what an interrupted run of the job left
/// (its <c>.part</c> file, or a ZIP renamed but never recorded); once the new ZIP is recorded, an earlier result (a
/// retried job's) is deleted.
/// </summary>
public sealed class ExportJobHandler(StudySourceCatalog catalog, IOptions<ExportOptions> options, IOptions<ArchiveOptions> archive) : ITransferJobHandler
{
    /// <summary>A partial ZIP not written to for this long belongs to no running export.</summary>
    private static readonly TimeSpan StalePartAge = TimeSpan.FromDays(1);

    public TransferJobKind Kind => TransferJobKind.Export;

    public async Task RunAsync(ITransferJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = context.Job;
        var parameters = context.ReadParameters<ExportJobParameters>();
        if (job.SourceName is null || !catalog.TryGet(job.SourceName, out var source))
        {
            throw new TransferJobException($"The source '{job.SourceName}' is not configured");
        }
        if (string.IsNullOrEmpty(job.StudyInstanceUid))
        {
            throw new TransferJobException("The export job names no study");
        }
        var items = await context.GetItemsAsync(null, cancellationToken).ConfigureAwait(false);
        if (items.Count == 0)
        {
            var plan = await ExportPlanner.PlanAsync(source, job.StudyInstanceUid, job.SeriesInstanceUid, cancellationToken).ConfigureAwait(false);
            if (plan.Count == 0)
            {
                throw new TransferJobException("The study has no objects in the source (or no longer exists there)");
            }
            await context.AddItemsAsync(plan.Select(p => new TransferJobItem
            {
                State = TransferItemState.Pending,
                SeriesInstanceUid = p.SeriesInstanceUid,
                SopInstanceUid = p.SopInstanceUid,
                Label = p.Label,
            }).ToList(), 0, cancellationToken).ConfigureAwait(false);
            items = await context.GetItemsAsync(null, cancellationToken).ConfigureAwait(false);
        }
        var pending = items.Where(i => i.State == TransferItemState.Pending).Select(i => i.Id).ToHashSet();
        var instances = items
            .Where(i => i.State is TransferItemState.Pending or TransferItemState.Done && i.SopInstanceUid is not null && i.SeriesInstanceUid is not null)
            .Select(i => new ExportInstance(job.StudyInstanceUid, i.SeriesInstanceUid!, i.SopInstanceUid!, i.Label ?? "", i.Id))
            .ToList();

        var folder = options.Value.ResolveFolder(archive.Value.Path);
        Directory.CreateDirectory(folder);
        var previous = job.ResultPath is null ? null : Path.GetFullPath(job.ResultPath);
        DeleteLeftovers(folder, job.Id, previous, DateTimeOffset.UtcNow);
        var name = $"export-{job.Id}-{Guid.NewGuid():N}.zip";
        var temporary = Path.Combine(folder, name + ".part");
        var final = Path.Combine(folder, name);
        var writer = new StudyZipWriter(parameters.Deidentify ? new Deidentifier(parameters.Pseudonym) : null, parameters.IncludeFlagged);
        try
        {
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await writer.WriteAsync(output, instances,
                    (i, ct) => source.GetInstanceAsync(new InstanceKey(i.StudyInstanceUid, i.SeriesInstanceUid, i.SopInstanceUid), ct),
                    (r, ct) => pending.Contains(r.Instance.ItemId)
                        ? context.ReportItemAsync(r.Instance.ItemId, r.State, r.Bytes, r.Message, ct)
                        : r.State == TransferItemState.Done
                            ? Task.CompletedTask
                            : throw new IOException(
                                $"{r.Instance.Label}, exported by an earlier run of this job, could not be written again ({r.State}: {r.Message}); the job will try again"),
                    cancellationToken).ConfigureAwait(false);
                FlushToDisk(output);
            }
            File.Move(temporary, final);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        await context.SetResultPathAsync(final, cancellationToken).ConfigureAwait(false);
        if (previous is not null && !string.Equals(previous, final, StringComparison.Ordinal) && IsExportOf(folder, job.Id, previous))
        {
            File.Delete(previous); // the ZIP of an earlier run (a retried job): the new one replaces it
        }
    }

    /// <summary>
    /// Deletes what an interrupted run of job <paramref name="jobId"/> left in the export folder: its partial
    /// <c>.zip.part</c> (stopped or crashed while writing) and any ZIP of the job other than its recorded result
    /// (a crash between the rename and the record). This run writes the whole ZIP again.
    /// </summary>
    private static void DeleteLeftovers(string folder, long jobId, string? result, DateTimeOffset now)
    {
        foreach (var leftover in Directory.EnumerateFiles(folder, $"export-{jobId}-*"))
        {
            var isPart = leftover.EndsWith(".zip.part", StringComparison.Ordinal);
            var isOrphan = leftover.EndsWith(".zip", StringComparison.Ordinal) && !string.Equals(Path.GetFullPath(leftover), result, StringComparison.Ordinal);
            if (isPart || isOrphan)
            {
                File.Delete(leftover);
            }
        }
        // Another job's partial file untouched for a day: its run crashed and the job was cancelled before any server
        // resumed it (a running export writes its file continuously, and a resumed one deletes its own leftovers).
        foreach (var stale in Directory.EnumerateFiles(folder, "export-*.zip.part"))
        {
            if (now - File.GetLastWriteTimeUtc(stale) > StalePartAge)
            {
                File.Delete(stale);
            }
        }
    }

    /// <summary>Whether <paramref name="path"/> is a ZIP this handler wrote for job <paramref name="jobId"/> in <paramref name="folder"/>.</summary>
    private static bool IsExportOf(string folder, long jobId, string path) =>
        string.Equals(Path.GetDirectoryName(path), folder.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal)
        && Path.GetFileName(path).StartsWith($"export-{jobId}-", StringComparison.Ordinal)
        && path.EndsWith(".zip", StringComparison.Ordinal);

    private static void FlushToDisk(FileStream stream) => stream.Flush(flushToDisk: true);
}
