namespace PacsViewer.Core.Worklist;

/// <summary>
/// In-process notification of worklist changes, for pages to refresh without a reload. Handlers run on the
/// publisher's thread and must be quick (a page marshals to its renderer with InvokeAsync). Changes made by
/// another app server are not seen here; pages also refresh when they query.
/// </summary>
public interface IWorklistNotifier
{
    event EventHandler<WorklistChange>? Changed;

    void Publish(WorklistChange change);
}
