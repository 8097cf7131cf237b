using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Data;

namespace PacsViewer.Core.Distribution;

/// <summary>
/// The <see cref="ITransferJobContext"/> of one run, over the app database: each report is one short transaction
/// that updates the item (only while it is still Pending, so a report is never counted twice; or from Done to Failed, a
/// correction) and moves the job's counters in the same statement set, so the jobs page and a resumed run see the same truth.
/// </summary>
public sealed class DatabaseTransferJobContext(PacsViewerDatabase database, TransferJob job, TimeProvider time, TransferJobSignal? signal = null)
    : ITransferJobContext
{
    private const int MaxErrorLength = 1000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public TransferJob Job { get; } = job ?? throw new ArgumentNullException(nameof(job));

    public T ReadParameters<T>() where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(string.IsNullOrWhiteSpace(Job.ParametersJson) ? "{}" : Job.ParametersJson, Json)
                ?? throw new TransferJobException($"The job's parameters are empty (expected {typeof(T).Name})");
        }
        catch (JsonException e)
        {
            // The parameters will not read better on the next attempt: fail the job at once.
            throw new TransferJobException($"The job's parameters are not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }

    public async Task<IReadOnlyList<TransferJobItem>> GetItemsAsync(TransferItemState? state = null, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var query = db.TransferJobItems.AsNoTracking().Where(i => i.JobId == Job.Id);
        if (state is { } s)
        {
            query = query.Where(i => i.State == s);
        }
        return await query.OrderBy(i => i.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AddItemsAsync(IReadOnlyCollection<TransferJobItem> items, long bytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var now = time.GetUtcNow();
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var item in items)
        {
            item.Id = 0;
            item.JobId = Job.Id;
            item.State = TransferItemState.Pending;
            item.Error = null;
            item.CompletedAt = null;
            db.TransferJobItems.Add(item);
        }
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var count = items.Count;
        await db.TransferJobs.Where(j => j.Id == Job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.TotalObjects, j => j.TotalObjects + count)
            .SetProperty(j => j.TotalBytes, j => j.TotalBytes + bytes)
            .SetProperty(j => j.UpdatedAt, now), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        signal?.Changed(Job.Id);
    }

    public async Task ReportItemAsync(long itemId, TransferItemState state, long bytes, string? error = null, CancellationToken cancellationToken = default)
    {
        if (state == TransferItemState.Pending || !Enum.IsDefined(state))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "an item's outcome is Done, Failed or Skipped");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var now = time.GetUtcNow();
        var message = error is null ? null : Short(error);
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Only a Pending item of this job moves: a report repeated after a resume is not counted twice.
        var changed = await db.TransferJobItems.Where(i => i.Id == itemId && i.JobId == Job.Id && i.State == TransferItemState.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, state)
                .SetProperty(i => i.Bytes, i => bytes > 0 ? bytes : i.Bytes)
                .SetProperty(i => i.Attempts, i => i.Attempts + 1)
                .SetProperty(i => i.Error, message)
                .SetProperty(i => i.CompletedAt, now), cancellationToken).ConfigureAwait(false);
        if (changed == 1)
        {
            int done = state == TransferItemState.Failed ? 0 : 1, failed = state == TransferItemState.Failed ? 1 : 0;
            var doneBytes = state == TransferItemState.Done ? bytes : 0;
            await MoveCountersAsync(db, done, failed, doneBytes, now, cancellationToken).ConfigureAwait(false);
        }
        else if (state == TransferItemState.Failed)
        {
            changed = await CorrectDoneToFailedAsync(db, itemId, message, now, cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (changed == 1)
        {
            signal?.Changed(Job.Id);
        }
    }

    /// <summary>
    /// A Done item of this job reported Failed after all (see <see cref="ITransferJobContext.ReportItemAsync"/>): it becomes
    /// Failed with <paramref name="message"/>, and the job's DoneObjects and DoneBytes (by the bytes it was counted with) go
    /// down as FailedObjects goes up, in the caller's transaction. Returns 1 when the item changed, 0 when it was not Done.
    /// </summary>
    private async Task<int> CorrectDoneToFailedAsync(PacsViewerDbContext db, long itemId, string? message, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var counted = await db.TransferJobItems.Where(i => i.Id == itemId && i.JobId == Job.Id && i.State == TransferItemState.Done)
            .Select(i => (long?)i.Bytes).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (counted is not { } bytes)
        {
            return 0;
        }
        var changed = await db.TransferJobItems.Where(i => i.Id == itemId && i.JobId == Job.Id && i.State == TransferItemState.Done)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, TransferItemState.Failed)
                .SetProperty(i => i.Error, message)
                .SetProperty(i => i.CompletedAt, now), cancellationToken).ConfigureAwait(false);
        if (changed == 1)
        {
            await MoveCountersAsync(db, -1, 1, -bytes, now, cancellationToken).ConfigureAwait(false);
        }
        return changed;
    }

    private Task<int> MoveCountersAsync(PacsViewerDbContext db, int done, int failed, long doneBytes, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.TransferJobs.Where(j => j.Id == Job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.DoneObjects, j => j.DoneObjects + done)
            .SetProperty(j => j.FailedObjects, j => j.FailedObjects + failed)
            .SetProperty(j => j.DoneBytes, j => j.DoneBytes + doneBytes)
            .SetProperty(j => j.UpdatedAt, now), cancellationToken);

    public async Task SetResultPathAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var now = time.GetUtcNow();
        await using var db = database.CreateContext();
        await db.TransferJobs.Where(j => j.Id == Job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.ResultPath, path)
            .SetProperty(j => j.UpdatedAt, now), cancellationToken).ConfigureAwait(false);
        Job.ResultPath = path;
    }

    /// <summary>A reason cut to one line and the column's length.</summary>
    internal static string Short(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.Length > MaxErrorLength ? line[..MaxErrorLength] : line;
    }
}
