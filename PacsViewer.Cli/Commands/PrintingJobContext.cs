using System.Globalization;
using PacsViewer.Core.Distribution;

namespace PacsViewer.Cli.Commands;

/// <summary>A job context that also writes one line per object reported (<c>sent 3/20 MR series 2, image 3</c>, or <c>FAILED ...: reason</c>).</summary>
internal sealed class PrintingJobContext(ITransferJobContext inner, TextWriter output) : ITransferJobContext
{
    private readonly Dictionary<long, string?> _labels = [];
    private readonly HashSet<long> _reported = [];
    private int _total;

    public TransferJob Job => inner.Job;

    public T ReadParameters<T>() where T : class => inner.ReadParameters<T>();

    public async Task<IReadOnlyList<TransferJobItem>> GetItemsAsync(TransferItemState? state = null, CancellationToken cancellationToken = default)
    {
        var items = await inner.GetItemsAsync(state, cancellationToken).ConfigureAwait(false);
        foreach (var item in items)
        {
            _labels[item.Id] = item.Label;
        }
        if (state is null)
        {
            _total = items.Count;
            _reported.Clear();
            _reported.UnionWith(items.Where(i => i.State != TransferItemState.Pending).Select(i => i.Id));
        }
        return items;
    }

    public async Task AddItemsAsync(IReadOnlyCollection<TransferJobItem> items, long bytes, CancellationToken cancellationToken = default)
    {
        await inner.AddItemsAsync(items, bytes, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{items.Count} objects to send")).ConfigureAwait(false);
        await GetItemsAsync(null, cancellationToken).ConfigureAwait(false);
    }

    public async Task ReportItemAsync(long itemId, TransferItemState state, long bytes, string? error = null, CancellationToken cancellationToken = default)
    {
        await inner.ReportItemAsync(itemId, state, bytes, error, cancellationToken).ConfigureAwait(false);
        // A second report of an item is a correction (a C-MOVE's final response failing an object counted sent before).
        var correction = !_reported.Add(itemId);
        var label = _labels.TryGetValue(itemId, out var l) ? l : null;
        await output.WriteLineAsync(state == TransferItemState.Failed
            ? $"FAILED {label}{(correction ? " (counted sent before)" : "")}: {error}"
            : string.Create(CultureInfo.InvariantCulture, $"{(state == TransferItemState.Done ? "sent" : "skipped")} {_reported.Count}/{_total} {label}")).ConfigureAwait(false);
    }

    public Task SetResultPathAsync(string path, CancellationToken cancellationToken = default) => inner.SetResultPathAsync(path, cancellationToken);
}
