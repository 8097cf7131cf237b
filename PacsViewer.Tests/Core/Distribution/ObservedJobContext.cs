using PacsViewer.Core.Distribution;

namespace PacsViewer.Tests.Core.Distribution;

/// <summary>
/// A job context wrapped as the command line's printing one is: everything goes to the inner context, and after each
/// item report <paramref name="afterReport"/> runs (to count reports, or to stop the run at a chosen point).
/// </summary>
internal sealed class ObservedJobContext(ITransferJobContext inner, Func<Task>? afterReport = null) : ITransferJobContext
{
    public int Reports { get; private set; }

    public TransferJob Job => inner.Job;

    public T ReadParameters<T>() where T : class => inner.ReadParameters<T>();

    public Task<IReadOnlyList<TransferJobItem>> GetItemsAsync(TransferItemState? state = null, CancellationToken cancellationToken = default) =>
        inner.GetItemsAsync(state, cancellationToken);

    public Task AddItemsAsync(IReadOnlyCollection<TransferJobItem> items, long bytes, CancellationToken cancellationToken = default) =>
        inner.AddItemsAsync(items, bytes, cancellationToken);

    public async Task ReportItemAsync(long itemId, TransferItemState state, long bytes, string? error = null, CancellationToken cancellationToken = default)
    {
        await inner.ReportItemAsync(itemId, state, bytes, error, cancellationToken);
        Reports++;
        if (afterReport is not null)
        {
            await afterReport();
        }
    }

    public Task SetResultPathAsync(string path, CancellationToken cancellationToken = default) => inner.SetResultPathAsync(path, cancellationToken);
}
