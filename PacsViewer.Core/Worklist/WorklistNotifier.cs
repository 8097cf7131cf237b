using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PacsViewer.Core.Worklist;

/// <summary>The in-process <see cref="IWorklistNotifier"/>: a failing handler is logged and does not stop the others.</summary>
public sealed class WorklistNotifier(ILogger<WorklistNotifier>? logger = null) : IWorklistNotifier
{
    private readonly ILogger _logger = logger ?? NullLogger<WorklistNotifier>.Instance;

    public event EventHandler<WorklistChange>? Changed;

    public void Publish(WorklistChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Changed is not { } handlers)
        {
            return;
        }
        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<WorklistChange>>())
        {
            try
            {
                handler(this, change);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "A worklist change handler failed for study {StudyInstanceUid}", change.StudyInstanceUid);
            }
        }
    }
}
