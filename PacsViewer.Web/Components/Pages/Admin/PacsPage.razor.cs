using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Security;
using PacsViewer.Web.Security;

namespace PacsViewer.Web.Components.Pages.Admin;

/// <summary>
/// PACS connections for admins (<see cref="PacsConnectionService"/>): the configured ones (read-only) and the database
/// ones (add, edit, enable, disable, delete), a Test button per connection and for the form's settings. Every change
/// is checked for the Admin role again in the circuit, audited as <see cref="AuditActions.ConfigurationChanged"/>
/// (never with a secret), and refused with "changed by someone else" when another admin saved first.
/// </summary>
public sealed partial class PacsPage
{
    /// <summary>The audit record's object type of a PACS connection.</summary>
    public const string AuditObjectType = "PacsConnection";

    private IReadOnlyList<PacsConnectionSummary>? _connections;
    private PacsConnectionEdit? _edit;
    private SourceProbeResult? _test;
    private string? _confirmDelete;
    private string? _error;
    private bool _busy;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private PacsConnectionService Connections { get; set; } = default!;

    [Inject]
    private RequestAudit Audit { get; set; } = default!;

    private string SecretPlaceholder => _edit is { HasStoredSecret: true } ? "unchanged" : "";

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync() => _connections = await Connections.ListAsync();

    private void New()
    {
        _edit = new PacsConnectionEdit();
        _error = null;
    }

    private Task EditAsync(string name) => RunAsync(async _ => _edit = await Connections.GetAsync(name));

    private Task SaveAsync() => RunAsync(async user =>
    {
        var edit = _edit!;
        var name = edit.Name.Trim();
        var detail = await Connections.SaveAsync(edit, user.Identity?.Name);
        await RecordAsync(user, name, detail);
        _edit = null;
    });

    private Task SetEnabledAsync(PacsConnectionSummary connection, bool enabled) => RunAsync(async user =>
    {
        var detail = await Connections.SetEnabledAsync(connection.Name, enabled, connection.Version, user.Identity?.Name);
        await RecordAsync(user, connection.Name, detail);
    });

    private Task DeleteAsync(PacsConnectionSummary connection) => RunAsync(async user =>
    {
        _confirmDelete = null;
        var detail = await Connections.DeleteAsync(connection.Name, connection.Version);
        await RecordAsync(user, connection.Name, detail);
    });

    private Task TestSavedAsync(string name) => RunAsync(async _ => _test = await Connections.TestAsync(name));

    private Task TestFormAsync() => RunAsync(async _ => _test = await Connections.TestAsync(_edit!));

    private Task RecordAsync(ClaimsPrincipal user, string name, string detail) =>
        Audit.RecordAsync(new AuditEntry(AuditActions.ConfigurationChanged) { ObjectType = AuditObjectType, ObjectId = name, Detail = detail }, user);

    /// <summary>Runs an action for the signed-in admin; refusals and failures become the page's message, never an exception.</summary>
    private async Task RunAsync(Func<ClaimsPrincipal, Task> action)
    {
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        if (user is null || !user.IsInRole(PacsRoles.Admin))
        {
            _error = "Only an admin can manage PACS connections.";
            return;
        }
        _busy = true;
        _error = null;
        try
        {
            await action(user);
        }
        catch (PacsConnectionConflictException e)
        {
            _error = e.Message;
            _edit = null;
        }
        catch (PacsConnectionException e)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
        await ReloadAsync(); // the list shows the change, another admin's change, or the last test
    }

    private static string KindText(PacsSourceKind kind) => kind == PacsSourceKind.Dimse ? "DIMSE" : "DICOMweb";

    private static string TestText(SourceProbeResult test) => test.Success
        ? $"{test.SourceName}: OK in {test.RoundTripMilliseconds} ms ({test.Message}), {test.TestedAt.ToLocalTime():HH:mm:ss}"
        : $"{test.SourceName}: failed after {test.RoundTripMilliseconds} ms: {test.Message}, {test.TestedAt.ToLocalTime():HH:mm:ss}";
}
