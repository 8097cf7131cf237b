using System.Security.Claims;
using Microsoft.Extensions.Logging;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Web.Reporting;

/// <summary>
/// The editor's text of one report draft and its autosave. Every change (each keystroke reaches the server over the
/// circuit) marks the text pending and schedules a save at most <see cref="ReportEditorOptions.AutosaveDelay"/> later
/// (a throttle, so continuous typing is still saved every few seconds); <see cref="FlushAsync"/> saves at once (on a
/// dropped connection, on disposal, before signing). Each save names the version the text is based on: a
/// <see cref="ReportConflictException"/> stops autosaving and keeps both texts until the user chooses
/// (<see cref="KeepMineAsync"/> or <see cref="TakeTheirs"/>), so nothing is overwritten silently.
/// Thread-safe: the circuit, the timer and a circuit handler may call it concurrently.
/// </summary>
public sealed class ReportDraft : IAsyncDisposable
{
    private readonly ReportService _reports;
    private readonly ClaimsPrincipal _user;
    private readonly TimeProvider _time;
    private readonly ReportEditorOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _saving = new(1, 1);
    private readonly Lock _sync = new();
    private ITimer? _timer;
    private ReportContent _content;
    private int _version;
    private long _changes;
    private long _savedChanges;
    private bool _disposed;

    public ReportDraft(ReportView view, ReportService reports, ClaimsPrincipal user, TimeProvider time, ReportEditorOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(view);
        ReportId = view.Id;
        _content = view.Content;
        _version = view.RowVersion;
        _reports = reports;
        _user = user;
        _time = time;
        _options = options;
        _logger = logger;
        SavedAt = view.UpdatedAt;
    }

    /// <summary>Raised (on any thread) when the state, the text or the version changed.</summary>
    public event Action? Changed;

    public Guid ReportId { get; }

    public ReportContent Content
    {
        get
        {
            lock (_sync)
            {
                return _content;
            }
        }
    }

    /// <summary>The server version the editor's text is based on.</summary>
    public int Version
    {
        get
        {
            lock (_sync)
            {
                return _version;
            }
        }
    }

    public DraftSaveState State { get; private set; } = DraftSaveState.Saved;

    public DateTimeOffset? SavedAt { get; private set; }

    /// <summary>Why the last save failed (fit to show), when <see cref="State"/> is Failed.</summary>
    public string? Error { get; private set; }

    public DraftConflict? Conflict { get; private set; }

    public bool HasPendingChanges
    {
        get
        {
            lock (_sync)
            {
                return _changes != _savedChanges;
            }
        }
    }

    /// <summary>The user changed one section (every keystroke).</summary>
    public void Update(ReportSectionKind section, string text) => Replace(Content.With(section, text ?? ""));

    /// <summary>The user changed the text (a template, a phrase, a measurement inserted).</summary>
    public void Replace(ReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        lock (_sync)
        {
            if (_disposed || content == _content)
            {
                return;
            }
            _content = content;
            _changes++;
            if (Conflict is null)
            {
                State = DraftSaveState.Pending;
                ScheduleLocked(_options.AutosaveDelay);
            }
        }
        Changed?.Invoke();
    }

    /// <summary>Saves the pending text now (nothing to do when it is saved or in conflict).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _saving.WaitAsync(cancellationToken);
        try
        {
            ReportContent content;
            int version;
            long changes;
            lock (_sync)
            {
                _timer?.Dispose();
                _timer = null;
                if (_changes == _savedChanges || Conflict is not null)
                {
                    return;
                }
                (content, version, changes) = (_content, _version, _changes);
                State = DraftSaveState.Saving;
            }
            Changed?.Invoke();
            await SaveAsync(content, version, changes, cancellationToken);
        }
        finally
        {
            _saving.Release();
        }
        Changed?.Invoke();
    }

    private async Task SaveAsync(ReportContent content, int version, long changes, CancellationToken cancellationToken)
    {
        try
        {
            var saved = await _reports.SaveAsync(ReportId, version, content, _user, cancellationToken);
            lock (_sync)
            {
                _version = saved;
                _savedChanges = changes;
                SavedAt = _time.GetUtcNow();
                Error = null;
                State = _changes == changes ? DraftSaveState.Saved : DraftSaveState.Pending;
                if (State == DraftSaveState.Pending)
                {
                    ScheduleLocked(_options.AutosaveDelay);
                }
            }
        }
        catch (ReportConflictException e)
        {
            lock (_sync)
            {
                Conflict = new DraftConflict(e.CurrentContent, e.CurrentVersion, e.CurrentStatus, e.Message);
                State = DraftSaveState.Conflict;
            }
        }
        catch (Exception e) when (e is ReportingException or WorklistException)
        {
            Failed(e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Failed("the save was cancelled");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database or the network: no report text in the log, only the report id.
            _logger.LogError(e, "Autosave of report {ReportId} failed", ReportId);
            Failed($"the server could not save the text ({e.GetType().Name})");
        }
    }

    private void Failed(string reason)
    {
        lock (_sync)
        {
            Error = reason;
            State = DraftSaveState.Failed;
            ScheduleLocked(_options.RetryDelay);
        }
    }

    /// <summary>Keeps the editor's text over the server's: saves it based on the server's version (an explicit overwrite).</summary>
    public async Task KeepMineAsync(CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            if (Conflict is not { } conflict)
            {
                return;
            }
            _version = conflict.ServerVersion;
            Conflict = null;
            if (_changes == _savedChanges)
            {
                _changes++; // the editor's text differs from the server's: it must be sent
            }
        }
        await FlushAsync(cancellationToken);
    }

    /// <summary>Drops the editor's unsaved text and continues from the server's.</summary>
    public void TakeTheirs()
    {
        lock (_sync)
        {
            if (Conflict is not { } conflict)
            {
                return;
            }
            _content = conflict.ServerContent;
            _version = conflict.ServerVersion;
            _savedChanges = _changes;
            Conflict = null;
            Error = null;
            State = DraftSaveState.Saved;
        }
        Changed?.Invoke();
    }

    /// <summary>After signing (or any change made through the service), continues from the server's version.</summary>
    public void Rebase(int version)
    {
        lock (_sync)
        {
            _version = version;
        }
        Changed?.Invoke();
    }

    private void ScheduleLocked(TimeSpan delay)
    {
        if (_timer is null && !_disposed)
        {
            _timer = _time.CreateTimer(_ => _ = FlushFromTimerAsync(), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task FlushFromTimerAsync()
    {
        try
        {
            await FlushAsync(CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
            // disposed while the timer fired: DisposeAsync saved the text
        }
    }

    /// <summary>Stops the timer and saves what is pending (the component or the circuit is going away).</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
        await FlushAsync(CancellationToken.None);
    }
}
