using System.Text.Json;
using PacsViewer.Core.Distribution;

namespace PacsViewer.Tests.Core.Distribution.Send;

/// <summary>
/// The job context contract kept in memory, for driving a handler without the job runner: items get ids, reports move
/// the counters as <see cref="ITransferJobContext"/> describes, and every report is recorded in order.
/// </summary>
internal sealed class RecordingJobContext(TransferJob job) : ITransferJobContext
{
    private readonly List<TransferJobItem> _items = [];
    private readonly Lock _gate = new();

    public TransferJob Job { get; } = job;

    public List<(long ItemId, TransferItemState State, string? Error)> Reports { get; } = [];

    public IReadOnlyList<TransferJobItem> Items
    {
        get
        {
            lock (_gate)
            {
                return [.. _items];
            }
        }
    }

    public T ReadParameters<T>() where T : class =>
        JsonSerializer.Deserialize<T>(Job.ParametersJson) ?? throw new InvalidOperationException("no parameters");

    public Task<IReadOnlyList<TransferJobItem>> GetItemsAsync(TransferItemState? state = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<TransferJobItem>>([.. _items.Where(i => state is null || i.State == state)]);
        }
    }

    public Task AddItemsAsync(IReadOnlyCollection<TransferJobItem> items, long bytes, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var item in items)
            {
                item.Id = _items.Count + 1;
                item.JobId = Job.Id;
                _items.Add(item);
            }
            Job.TotalObjects += items.Count;
            Job.TotalBytes += bytes;
        }
        return Task.CompletedTask;
    }

    public Task ReportItemAsync(long itemId, TransferItemState state, long bytes, string? error = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var item = _items.Single(i => i.Id == itemId);
            Reports.Add((itemId, state, error));
            // As the database context: Failed on a Done item is a correction (Done counters down, Failed up); otherwise only
            // a Pending item moves, so a repeated report is never counted twice.
            if (item.State == TransferItemState.Done && state == TransferItemState.Failed)
            {
                item.State = state;
                item.Error = error;
                Job.DoneObjects--;
                Job.DoneBytes -= item.Bytes;
                Job.FailedObjects++;
                return Task.CompletedTask;
            }
            if (item.State != TransferItemState.Pending)
            {
                return Task.CompletedTask;
            }
            item.State = state;
            item.Error = error;
            item.Bytes = bytes;
            if (state == TransferItemState.Done)
            {
                Job.DoneObjects++;
                Job.DoneBytes += bytes;
            }
            else if (state == TransferItemState.Failed)
            {
                Job.FailedObjects++;
            }
        }
        return Task.CompletedTask;
    }

    public Task SetResultPathAsync(string path, CancellationToken cancellationToken = default)
    {
        Job.ResultPath = path;
        return Task.CompletedTask;
    }

    public static RecordingJobContext For(string source, string destination, string study, string? series = null, string parametersJson = "{}") =>
        new(new TransferJob
        {
            Id = 1,
            Kind = TransferJobKind.Send,
            CreatedBy = "test",
            SourceName = source,
            Destination = destination,
            StudyInstanceUid = study,
            SeriesInstanceUid = series,
            ParametersJson = parametersJson,
        });
}
