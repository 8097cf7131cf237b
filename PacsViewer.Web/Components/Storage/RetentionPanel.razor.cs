using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Storage;

namespace PacsViewer.Web.Components.Storage;

/// <summary>
/// Retention on the storage screen: the rules (add, edit, enable, disable, delete), a dry run listing what would go and
/// what is protected with the reason, and "Apply now" after a confirmation showing the count. The services check the
/// Admin role again and audit each change and deletion.
/// </summary>
public sealed partial class RetentionPanel
{
    private IReadOnlyList<RetentionRule>? _rules;
    private RetentionRuleEdit? _edit;
    private RetentionPlan? _plan;
    private RetentionApplyResult? _applied;
    private int? _confirmDelete;
    private bool _confirmApply;
    private string? _error;
    private bool _busy;

    /// <summary>Raised after an apply deleted studies (the page refreshes its figures).</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private RetentionService Retention { get; set; } = default!;

    [Inject]
    private IOptions<StorageOptions> Options { get; set; } = default!;

    protected override async Task OnInitializedAsync() => _rules = await Retention.ListRulesAsync();

    private void New()
    {
        _edit = new RetentionRuleEdit { Enabled = false };
        _error = null;
    }

    private void Edit(RetentionRule rule)
    {
        _edit = RetentionRuleEdit.From(rule);
        _error = null;
    }

    private Task SaveAsync() => RunAsync(async user =>
    {
        await Retention.SaveRuleAsync(_edit!, user);
        _edit = null;
        _plan = null;
    });

    private Task ToggleAsync(RetentionRule rule) => RunAsync(async user =>
    {
        var edit = RetentionRuleEdit.From(rule);
        edit.Enabled = !rule.Enabled;
        await Retention.SaveRuleAsync(edit, user);
        _plan = null;
    });

    private Task DeleteAsync(RetentionRule rule) => RunAsync(async user =>
    {
        _confirmDelete = null;
        await Retention.DeleteRuleAsync(rule.Id, rule.Version, user);
        _plan = null;
    });

    private Task DryRunAsync() => RunAsync(async _ =>
    {
        _applied = null;
        _confirmApply = false;
        _plan = await Retention.DryRunAsync();
    });

    private Task ApplyAsync() => RunAsync(async user =>
    {
        _confirmApply = false;
        var plan = _plan!;
        _applied = await Retention.ApplyAsync(plan, user);
        _plan = await Retention.DryRunAsync();
        await Changed.InvokeAsync();
    });

    /// <summary>Runs an action for the signed-in user; refusals and failures become the panel's message.</summary>
    private async Task RunAsync(Func<ClaimsPrincipal, Task> action)
    {
        var user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
        _busy = true;
        _error = null;
        try
        {
            await action(user);
        }
        catch (StorageConflictException e)
        {
            _error = e.Message;
            _edit = null;
        }
        catch (StorageException e)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
        _rules = await Retention.ListRulesAsync();
    }
}
