using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using PacsViewer.Core.Viewing;
using PacsViewer.Core.Worklist;
using PacsViewer.Web.Components.Reporting;
using PacsViewer.Web.Reporting;

namespace PacsViewer.Web.Components.Pages.Viewer;

/// <summary>
/// Reading from the viewer: once the page is interactive and a user is signed in, it hosts a
/// <see cref="ReadingSession"/> for the open study (the reading lock and the report panel), with the viewer's
/// measurements as report text. Never while prerendering: a prerendered page is disposed at once, and would
/// release the lock it had just claimed.
/// </summary>
public sealed partial class ViewerPage
{
    private ClaimsPrincipal _reader = new(new ClaimsIdentity());

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private bool ShowsReading => RendererInfo.IsInteractive && _reader.Identity?.IsAuthenticated == true && _study is not null;

    private StudyKey ReadingStudy => new(SourceId, _study?.StudyInstanceUid ?? StudyInstanceUid);

    /// <summary>The viewer's measurements as report text, for the report panel.</summary>
    /// <summary>The first Body Part Examined among the study's image series (they seldom differ), for the report templates.</summary>
    private string? StudyBodyPart => _study?.Series.Where(s => s.Kind == SeriesKind.Image).Select(s => s.BodyPart).FirstOrDefault(b => !string.IsNullOrWhiteSpace(b));

    private IReadOnlyList<string> MeasurementTexts => _state.Measurements.Select(m => MeasurementText.Format(m, _study)).ToList();

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null)
        {
            _reader = (await AuthenticationState).User;
        }
    }
}
