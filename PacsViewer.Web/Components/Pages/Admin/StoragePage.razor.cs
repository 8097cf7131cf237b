using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using PacsViewer.Core.Storage;
using PacsViewer.Web.Components.Storage;

namespace PacsViewer.Web.Components.Pages.Admin;

/// <summary>
/// The admin storage screen: the built-in archive per modality and the retrieval cache per source (objects, bytes,
/// growth over 24 h / 7 days / 30 days), the disks' free space, cache purge per source or whole (after a confirmation),
/// then retention (<see cref="RetentionPanel"/>) and holds (<see cref="HoldsPanel"/>).
/// </summary>
public sealed partial class StoragePage
{
    private const string AllSources = "\u0000all";

    private StorageOverview? _overview;
    private string? _confirmPurge;
    private string? _error;
    private string? _message;
    private bool _busy;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private StorageStatisticsService Statistics { get; set; } = default!;

    [Inject]
    private CachePurgeService Purger { get; set; } = default!;

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        try
        {
            _overview = await Statistics.GetOverviewAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.Data.Common.DbException)
        {
            _error = $"The storage figures could not be read: {e.Message}";
        }
    }

    private async Task PurgeAsync(string? source)
    {
        _confirmPurge = null;
        var user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
        _busy = true;
        _error = null;
        try
        {
            var result = await Purger.PurgeAsync(source, user);
            _message = $"Purged {StorageFormat.Count(result.Removed)} objects ({StorageFormat.Bytes(result.Bytes)}) of "
                + (source is null ? "every source" : source) + (result.Leased > 0 ? $"; {result.Leased} in use are deleted when released" : "") + ".";
        }
        catch (StorageException e)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
        await ReloadAsync();
    }

    private string GrowthText(StorageUsage usage, TimeSpan window)
    {
        var growth = _overview?.GrowthOf(usage).FirstOrDefault(g => g.Window == window);
        return growth is null ? "-" : StorageFormat.Change(growth.Objects, growth.Bytes);
    }

    private static string DiskText(DiskSpace? disk) =>
        disk is null ? "disk space unknown" : $"{StorageFormat.Bytes(disk.FreeBytes)} free of {StorageFormat.Bytes(disk.TotalBytes)}";
}
