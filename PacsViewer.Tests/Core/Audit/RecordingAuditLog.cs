using System.Collections.Concurrent;
using PacsViewer.Core.Audit;

namespace PacsViewer.Tests.Core.Audit;

/// <summary>
/// An <see cref="IAuditLog"/> that keeps the entries in memory, for tests of a component whose searches are audited
/// but that run without an app database (the database log itself is tested by <see cref="DatabaseAuditLogTests"/>).
/// </summary>
internal sealed class RecordingAuditLog(TimeProvider? time = null) : IAuditLog
{
    private readonly ConcurrentQueue<AuditEvent> _rows = new();
    private long _id;

    public IReadOnlyList<AuditEvent> Rows => _rows.ToArray();

    public Task<AuditEvent> RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var row = DatabaseAuditLog.NewRow(entry, (time ?? TimeProvider.System).GetUtcNow());
        row.Id = Interlocked.Increment(ref _id);
        _rows.Enqueue(row);
        return Task.FromResult(row);
    }
}
