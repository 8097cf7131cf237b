using PacsViewer.Core.Reporting.Export;

namespace PacsViewer.Tests.Core.Reporting.Delivery;

/// <summary>
/// An <see cref="IReportDelivery"/> that fails the first <c>failures</c> calls with a <see cref="ReportDeliveryException"/>
/// and records every snapshot it was given; the real deliveries (STOW-RS, C-STORE) are tested on branch report-exports.
/// </summary>
internal sealed class ScriptedDelivery(int failures) : IReportDelivery
{
    private int _calls;

    public List<ReportSnapshot> Received { get; } = [];

    public int Calls => _calls;

    public Task DeliverAsync(ReportSnapshot report, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        if (call <= failures)
        {
            throw new ReportDeliveryException($"archive refused the connection (call {call})");
        }
        lock (Received)
        {
            Received.Add(report);
        }
        return Task.CompletedTask;
    }
}
