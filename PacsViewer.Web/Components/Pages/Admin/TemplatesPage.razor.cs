using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using PacsViewer.Core.Reporting;
using PacsViewer.Web.Admin;

namespace PacsViewer.Web.Components.Pages.Admin;

/// <summary>
/// Report templates and phrases for admins (<see cref="ReportTemplateService"/>): list, create, edit, delete. The
/// service checks the admin role again on every change; its refusals are shown, never thrown.
/// </summary>
public sealed partial class TemplatesPage
{
    private IReadOnlyList<ReportTemplate>? _templates;
    private IReadOnlyList<ReportPhrase>? _phrases;
    private TemplateForm? _template;
    private PhraseForm? _phrase;
    private long? _confirmTemplate;
    private long? _confirmPhrase;
    private string? _error;
    private bool _busy;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private ReportTemplateService Templates { get; set; } = default!;

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        _templates = await Templates.ListTemplatesAsync();
        _phrases = await Templates.ListPhrasesAsync(null);
    }

    private void NewTemplate() => _template = new TemplateForm();

    private void NewPhrase() => _phrase = new PhraseForm();

    private Task SaveTemplateAsync() => ChangeAsync(async user =>
    {
        var t = _template!;
        await Templates.SaveTemplateAsync(t.Id, t.Name!, t.Modality, t.BodyPart, t.Content, user);
        _template = null;
    });

    private Task SavePhraseAsync() => ChangeAsync(async user =>
    {
        var p = _phrase!;
        await Templates.SavePhraseAsync(p.Id, p.Label!, p.Text!, p.Modality, user);
        _phrase = null;
    });

    private Task DeleteTemplateAsync(long id) => ChangeAsync(async user =>
    {
        _confirmTemplate = null;
        await Templates.DeleteTemplateAsync(id, user);
    });

    private Task DeletePhraseAsync(long id) => ChangeAsync(async user =>
    {
        _confirmPhrase = null;
        await Templates.DeletePhraseAsync(id, user);
    });

    /// <summary>Runs one change as the signed-in user, then reloads the lists; a refusal or a vanished row is shown.</summary>
    private async Task ChangeAsync(Func<ClaimsPrincipal, Task> change)
    {
        _error = null;
        _busy = true;
        try
        {
            var user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
            await change(user);
        }
        catch (ReportingException e)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
        await ReloadAsync();
    }
}
