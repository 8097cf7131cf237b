using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using PacsViewer.Core.Distribution.Send;

namespace PacsViewer.Web.Components.Distribution;

/// <summary>The Send button of the viewer and of each worklist row; after queueing, a snackbar links to the jobs page.</summary>
public sealed partial class SendButton
{
    private bool _allowed;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>The send service when the host registered it (an empty sequence otherwise: the button is not shown).</summary>
    [Inject]
    private IEnumerable<SendRequestService> RequestServices { get; set; } = [];

    [Parameter]
    public string SourceId { get; set; } = "";

    [Parameter]
    public string StudyInstanceUid { get; set; } = "";

    [Parameter]
    public string? SeriesInstanceUid { get; set; }

    [Parameter]
    public string? SeriesLabel { get; set; }

    /// <summary>An icon button (worklist rows) rather than a labelled one (viewer).</summary>
    [Parameter]
    public bool Compact { get; set; }

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null && RequestServices.FirstOrDefault() is { } requests)
        {
            _allowed = await requests.CanSendAsync((await AuthenticationState).User);
        }
    }

    private async Task OpenAsync()
    {
        var parameters = new DialogParameters<SendDialog>
        {
            { d => d.SourceId, SourceId },
            { d => d.StudyInstanceUid, StudyInstanceUid },
            { d => d.SeriesInstanceUid, SeriesInstanceUid },
            { d => d.SeriesLabel, SeriesLabel },
        };
        var dialog = await Dialogs.ShowAsync<SendDialog>("Send", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: long id })
        {
            Snackbar.Add(string.Create(CultureInfo.InvariantCulture, $"Send queued as job {id}"), Severity.Success, options =>
            {
                options.Action = "Open jobs";
                options.ActionColor = Color.Inherit;
                options.OnClick = _ =>
                {
                    Navigation.NavigateTo("jobs");
                    return Task.CompletedTask;
                };
            });
        }
    }
}
