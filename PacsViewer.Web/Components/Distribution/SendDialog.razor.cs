using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using PacsViewer.Core.Distribution.Send;

namespace PacsViewer.Web.Components.Distribution;

/// <summary>Asks where and how to send a study or its current series, then queues the job; closes with the job's id.</summary>
public sealed partial class SendDialog
{
    private IReadOnlyList<SendDestinationChoice> _destinations = [];
    private string? _destination;
    private SendMethod _method = SendMethod.Store;
    private string? _error;
    private bool _busy;
    private bool _seriesOnly;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private SendRequestService Requests { get; set; } = null!;

    [Parameter]
    public string SourceId { get; set; } = "";

    [Parameter]
    public string StudyInstanceUid { get; set; } = "";

    /// <summary>The series shown in the viewer, offered as an alternative to the whole study; null from the worklist.</summary>
    [Parameter]
    public string? SeriesInstanceUid { get; set; }

    /// <summary>How the current series is named to the user (e.g. "CT 2 Lung").</summary>
    [Parameter]
    public string? SeriesLabel { get; set; }


    private SendDestinationChoice? Selected => _destinations.FirstOrDefault(d => d.Id == _destination);

    protected override void OnInitialized()
    {
        _destinations = Requests.DestinationsFor(SourceId);
        _destination = _destinations.Count > 0 ? _destinations[0].Id : null;
    }

    private void SelectDestination(string? id)
    {
        _destination = id;
        if (Selected is not { CanMove: true })
        {
            _method = SendMethod.Store;
        }
    }

    private static string KindText(string kind) => kind switch
    {
        "archive" => "built-in archive",
        "dicomweb" => "DICOMweb",
        "dimse" => "DICOM",
        _ => kind,
    };

    private void Cancel() => Dialog.Cancel();

    private async Task SubmitAsync()
    {
        if (Selected is not { } destination)
        {
            return;
        }
        _busy = true;
        _error = null;
        try
        {
            var user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
            var series = _seriesOnly && !string.IsNullOrEmpty(SeriesInstanceUid) ? SeriesInstanceUid : null;
            var id = await Requests.RequestAsync(user, new SendRequest(SourceId, StudyInstanceUid, series, destination.Id,
                destination.CanMove ? _method : SendMethod.Store));
            Dialog.Close(DialogResult.Ok(id));
        }
        catch (SendRequestException e)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
