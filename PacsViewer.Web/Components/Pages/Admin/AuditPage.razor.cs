using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using PacsViewer.Core.Audit;
using PacsViewer.Web.Endpoints;
using PacsViewer.Web.Security;

namespace PacsViewer.Web.Components.Pages.Admin;

/// <summary>
/// The audit trail for admins: filters, a server-paged table (newest first, emergency rows highlighted, a row's
/// details on click) and the exports of the searched filter. Each search (the first load, Search, Clear) is itself
/// audited as <see cref="AuditActions.AuditTrailViewed"/> with its filters; turning pages is not. Read-only: the page
/// offers no way to change or delete an event.
/// </summary>
public sealed partial class AuditPage
{
    private static readonly int[] PageSizes = [25, 50, 100];

    private readonly AuditFilterForm _form = new();
    private AuditQuery _applied = new();
    private MudTable<AuditEvent>? _table;
    private bool _auditNextLoad = true;
    private long? _expanded;
    private string? _error;
    private int _total;
    private int _loads;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private AuditQueryService Queries { get; set; } = default!;

    [Inject]
    private RequestAudit Audit { get; set; } = default!;

    private string ExportLink(string format)
    {
        var filters = AuditQueryParameters.ToQueryString(_applied);
        return $"api/audit/export?format={format}" + (filters.Length > 0 ? "&" + filters[1..] : "");
    }

    private async Task<TableData<AuditEvent>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var query = _applied with { Offset = state.Page * state.PageSize, Limit = state.PageSize };
        try
        {
            if (_auditNextLoad)
            {
                _auditNextLoad = false;
                await Audit.RecordAsync(new AuditEntry(AuditActions.AuditTrailViewed)
                {
                    ObjectType = AuditObjectTypes.AuditTrail, ObjectId = "search", Detail = _applied.Describe(),
                }, await UserAsync(), cancellationToken);
            }
            var result = await Queries.SearchAsync(query, cancellationToken);
            _error = null;
            _total = result.Total;
            _loads++;
            StateHasChanged();
            return new TableData<AuditEvent> { Items = result.Rows, TotalItems = result.Total };
        }
        catch (AuditQueryException e)
        {
            _error = e.Message;
            StateHasChanged();
            return new TableData<AuditEvent> { Items = [], TotalItems = 0 };
        }
    }

    private async Task SearchAsync()
    {
        _applied = _form.ToQuery();
        _auditNextLoad = true;
        _expanded = null;
        if (_table is not null)
        {
            await _table.ReloadServerData();
        }
    }

    private Task ClearAsync()
    {
        _form.From = _form.To = null;
        _form.UserName = _form.PatientId = _form.StudyInstanceUid = _form.SourceName = null;
        _form.Actions = [];
        _form.Outcome = null;
        _form.EmergencyOnly = false;
        return SearchAsync();
    }

    private void Toggle(TableRowClickEventArgs<AuditEvent> click)
    {
        if (click.Item is { } row)
        {
            _expanded = _expanded == row.Id ? null : row.Id;
        }
    }

    private static string RowClass(AuditEvent row, int index) => row.Emergency ? "audit-emergency" : "";

    private async Task<ClaimsPrincipal> UserAsync() => AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
}
