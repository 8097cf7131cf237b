using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Core.Distribution.Export;

/// <summary>
/// Runs Export jobs: plans the study's instances as items on the first run, then writes the ZIP (with its DICOMDIR,
/// optionally de-identified) into the export folder under a server-generated name: to a temporary name first, renamed
/// when complete, then recorded as the job's result. A ZIP cannot be appended to cheaply, so a resumed run writes the
/// whole ZIP again: objects already Done are rewritten without being counted twice, Pending ones are reported as they
/// go, Failed and Skipped ones stay out.
/// </summary>
public sealed class ExportJobHandler(StudySourceCatalog catalog, IOptions<ExportOptions> options, IOptions<ArchiveOptions> archive) : ITransferJobHandler
{
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
        foreach (var leftover in Directory.EnumerateFiles(folder, $"export-{job.Id}-*.zip.part"))
        {
            File.Delete(leftover); // an interrupted run's partial ZIP: this run writes the whole ZIP again
        }
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
                        : Task.CompletedTask,
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
    }

    private static void FlushToDisk(FileStream stream) => stream.Flush(flushToDisk: true);
}
