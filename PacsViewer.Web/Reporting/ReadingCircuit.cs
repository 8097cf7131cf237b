using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Logging;

namespace PacsViewer.Web.Reporting;

/// <summary>
/// The reading state of one circuit (scoped): the report drafts open in it, saved at once when the browser's
/// connection drops (a closed tab, a lost network) or the circuit closes, without waiting for the autosave timer;
/// and whether the connection is up, so a viewer renews its lock only while someone is there.
/// </summary>
public sealed class ReadingCircuit(ILogger<ReadingCircuit> logger) : CircuitHandler
{
    private readonly Lock _sync = new();
    private readonly List<ReportDraft> _drafts = [];

    /// <summary>False between a dropped connection and its return.</summary>
    public bool IsConnected { get; private set; } = true;

    public void Register(ReportDraft draft)
    {
        lock (_sync)
        {
            _drafts.Add(draft);
        }
    }

    public void Unregister(ReportDraft draft)
    {
        lock (_sync)
        {
            _drafts.Remove(draft);
        }
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        IsConnected = true;
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        IsConnected = false;
        return FlushAllAsync();
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        IsConnected = false;
        return FlushAllAsync();
    }

    /// <summary>Saves every draft's pending text now (not the circuit's token: the text must reach the database).</summary>
    public async Task FlushAllAsync()
    {
        ReportDraft[] drafts;
        lock (_sync)
        {
            drafts = [.. _drafts];
        }
        foreach (var draft in drafts)
        {
            try
            {
                await draft.FlushAsync(CancellationToken.None);
            }
            catch (ObjectDisposedException)
            {
                // disposed meanwhile: its DisposeAsync saved the text
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Saving report {ReportId} when the connection dropped failed", draft.ReportId);
            }
        }
    }
}
