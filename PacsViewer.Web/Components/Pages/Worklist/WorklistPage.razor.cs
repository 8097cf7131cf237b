using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;
using PacsViewer.Web.Worklist;

namespace PacsViewer.Web.Components.Pages.Worklist;

/// <summary>
/// The reading worklist (issue 6): a grid paged, sorted and filtered in the database by
/// <see cref="WorklistService.QueryAsync"/>, saved filters per user, the selected study's priors, priority and
/// assignment, an admin's lock release; refreshed on <see cref="IWorklistNotifier"/> changes, at most once a second.
/// </summary>
public sealed partial class WorklistPage : IDisposable
{
    /// <summary>The least time between two refreshes caused by change notifications.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private readonly CancellationTokenSource _cancel = new();
    private MudTable<WorklistItem>? _table;
    private WorklistFilterForm _form = new();
    private WorklistFilter _applied = new();
    private ClaimsPrincipal _user = new(new ClaimsIdentity());
    private bool _isAdmin;
    private IReadOnlyList<(string Name, WorklistFilter Filter)> _saved = [];
    private string? _selectedSaved;
    private WorklistItem? _selected;
    private IReadOnlyList<WorklistItem>? _priors;
    private IReadOnlyList<string> _radiologists = [];
    private RefreshThrottle? _throttle;
    private string? _error;
    private int _total;
    private int _loads;
    private TableData<WorklistItem> _shown = new() { Items = [], TotalItems = 0 };

    /// <summary>What the page says when the database fails (details stay out of the page; nothing of a patient is in them).</summary>
    private const string Unavailable = "The worklist could not be loaded from the database. Try again in a moment.";

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private WorklistService Worklist { get; set; } = null!;

    [Inject]
    private StudyLockService Locks { get; set; } = null!;

    [Inject]
    private IWorklistNotifier Notifier { get; set; } = null!;

    [Inject]
    private RadiologistDirectory Directory { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private IOptions<WorklistOptions> Options { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    private string? UserName => _user.Identity?.Name;

    private IReadOnlyList<string> SavedNames => _saved.Select(s => s.Name).ToList();

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null)
        {
            _user = (await AuthenticationState).User;
        }
        _isAdmin = _user.IsInRole(PacsRoles.Admin);
        if (!RendererInfo.IsInteractive)
        {
            return; // the prerender shows the frame; the circuit loads the rows
        }
        _throttle = new RefreshThrottle(RefreshInterval, () => InvokeAsync(RefreshAsync), Time);
        Notifier.Changed += OnWorklistChanged;
        try
        {
            _radiologists = await Directory.GetUserNamesAsync(_cancel.Token);
            await LoadSavedAsync();
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // the page was left
        }
    }

    private void OnWorklistChanged(object? sender, WorklistChange change) => _throttle?.Request();

    /// <summary>The grid's server data: one page of the worklist, sorted and filtered in the database.</summary>
    private async Task<TableData<WorklistItem>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var request = new WorklistPageRequest
        {
            Filter = _applied,
            SortBy = state.SortDirection == SortDirection.None ? WorklistSortField.Priority : WorklistSortLabels.Parse(state.SortLabel),
            Descending = state.SortDirection == SortDirection.Descending,
            Offset = state.Page * state.PageSize,
            Limit = state.PageSize,
        };
        try
        {
            var page = await Worklist.QueryAsync(request, UserName, cancellationToken);
            _error = null;
            _total = page.TotalCount;
            _loads++;
            if (_selected is not null && page.Items.FirstOrDefault(i => i.Id == _selected.Id) is { } fresh)
            {
                _selected = fresh;
            }
            StateHasChanged(); // the count and the selected study's panel are the page's, not the table's
            _shown = new TableData<WorklistItem> { Items = page.Items, TotalItems = page.TotalCount };
            return _shown;
        }
        catch (WorklistException e)
        {
            _error = e.Message;
            return new TableData<WorklistItem> { Items = [], TotalItems = 0 };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || _cancel.IsCancellationRequested)
        {
            return _shown; // a newer load replaced this one, or the page was left
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _error = Unavailable;
            return _shown;
        }
    }

    /// <summary>Reloads the rows and the selected study (a change elsewhere, or one made here).</summary>
    private async Task RefreshAsync()
    {
        if (_cancel.IsCancellationRequested || _table is null)
        {
            return;
        }
        try
        {
            await _table.ReloadServerData();
            if (_selected is not null)
            {
                _selected = await Worklist.GetAsync(Key(_selected), _cancel.Token) ?? _selected;
            }
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            return; // the page was left
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _error = Unavailable;
        }
        StateHasChanged();
    }

    private async Task ApplyAsync()
    {
        _applied = _form.ToFilter();
        await FirstPageAsync();
    }

    private async Task ClearAsync()
    {
        _form = new WorklistFilterForm();
        _selectedSaved = null;
        await ApplyAsync();
    }

    private async Task FirstPageAsync()
    {
        if (_table is null)
        {
            return;
        }
        if (_table.CurrentPage != 0)
        {
            _table.NavigateTo(Page.First);
        }
        await _table.ReloadServerData();
    }

    private async Task LoadSavedAsync()
    {
        if (UserName is { } user)
        {
            _saved = await Worklist.GetFiltersAsync(user, _cancel.Token);
        }
    }

    private async Task ApplySavedAsync(string? name)
    {
        _selectedSaved = name;
        if (name is not null && _saved.FirstOrDefault(s => s.Name == name) is { Filter: { } filter })
        {
            _form = WorklistFilterForm.FromFilter(filter);
            await ApplyAsync();
        }
    }

    private async Task SaveFilterAsync(string name)
    {
        if (UserName is not { } user)
        {
            return;
        }
        try
        {
            await Worklist.SaveFilterAsync(user, name, _form.ToFilter(), _cancel.Token);
            await LoadSavedAsync();
            _selectedSaved = name;
            Snackbar.Add($"Filter \"{name}\" saved", Severity.Success);
        }
        catch (WorklistException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
    }

    private async Task DeleteFilterAsync(string name)
    {
        if (UserName is { } user && await Worklist.DeleteFilterAsync(user, name, _cancel.Token))
        {
            _selectedSaved = null;
            await LoadSavedAsync();
        }
    }

    private async Task SelectAsync(TableRowClickEventArgs<WorklistItem> click)
    {
        if (click.Item is not { } item || item.Id == _selected?.Id)
        {
            return;
        }
        _selected = item;
        _priors = null;
        StateHasChanged();
        try
        {
            var priors = await Worklist.GetPriorsAsync(Key(item), cancellationToken: _cancel.Token);
            if (_selected?.Id == item.Id)
            {
                _priors = priors;
            }
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // the page was left
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _priors = [];
            _error = Unavailable;
        }
    }

    private Task SetPriorityAsync(ReadingPriority priority) =>
        ChangeSelectedAsync((key, token) => Worklist.SetPriorityAsync(key, priority, token));

    private Task AssignAsync(string? userName) =>
        ChangeSelectedAsync((key, token) => Worklist.AssignAsync(key, userName, token));

    private async Task ReleaseLockAsync()
    {
        if (_selected is not { LockedBy: { } holder } study)
        {
            return;
        }
        var confirmed = await Dialogs.ShowMessageBoxAsync("Release the lock",
            $"Release {holder}'s lock on this study? Their unsaved work stays with them, but another radiologist can then claim the study.",
            yesText: "Release", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        await ChangeSelectedAsync(async (key, token) =>
        {
            if (!await Locks.AdminReleaseAsync(key, _user, token))
            {
                Snackbar.Add("The study was no longer locked.", Severity.Info);
            }
        }, study);
    }

    /// <summary>Runs a change of the selected study, shows a refused one as a message, and refreshes.</summary>
    private async Task ChangeSelectedAsync(Func<StudyKey, CancellationToken, Task> change, WorklistItem? study = null)
    {
        if ((study ?? _selected) is not { } item)
        {
            return;
        }
        try
        {
            await change(Key(item), _cancel.Token);
        }
        catch (WorklistException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            return; // the page was left
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Snackbar.Add("The change could not be saved. Try again in a moment.", Severity.Error);
        }
        await RefreshAsync();
    }

    private string RowClass(WorklistItem item, int index) => item.Id == _selected?.Id ? "worklist-row-selected" : "";

    private string LockText(WorklistItem item) => WorklistDisplay.Lock(item, Options.Value.LockIdleTimeout, TimeZoneInfo.Local);

    private static StudyKey Key(WorklistItem item) => new(item.SourceName, item.StudyInstanceUid);

    public void Dispose()
    {
        Notifier.Changed -= OnWorklistChanged;
        _throttle?.Dispose();
        _cancel.Cancel();
        _cancel.Dispose();
    }
}
