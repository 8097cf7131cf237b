using System.Globalization;
using Microsoft.AspNetCore.Components;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Viewing;
using PacsViewer.Web.Worklist;

namespace PacsViewer.Web.Components.Pages.Viewer;

/// <summary>
/// Comparison with a prior study (<c>?prior={source}/{studyInstanceUid}</c>, from the worklist's priors): its model is
/// loaded once the circuit is live (the prerender and its first-frame fast path stay those of the current study), its
/// series are a second labelled group beside the current study's, and any viewport may show them; each viewport's
/// overlay then names the study it shows. Series Instance UIDs are unique across studies (PS3.5 9), so a viewport
/// assignment names its study too.
/// </summary>
public sealed partial class ViewerPage
{
    private StudyModel? _prior;
    private string _priorSourceId = "";
    private string? _priorRequested;
    private string? _priorError;

    /// <summary>The prior study to compare with, <c>{source}/{studyInstanceUid}</c>; null for none.</summary>
    [SupplyParameterFromQuery(Name = "prior")]
    public string? Prior { get; set; }

    private string CurrentLabel => _study is null ? "" : Label("Current", _study);

    private string PriorLabel => _prior is null ? "" : Label("Prior", _prior);

    private async Task LoadPriorAsync()
    {
        if (!RendererInfo.IsInteractive || Prior == _priorRequested)
        {
            return;
        }
        _priorRequested = Prior;
        _prior = null;
        _priorError = null;
        if (Prior is null)
        {
            return;
        }
        if (!ViewerLinks.TryParsePrior(Prior, out var sourceId, out var studyUid))
        {
            _priorError = "The prior study's link is not \"source/study UID\".";
            return;
        }
        if (!Sources.TryGet(sourceId, out var source))
        {
            _priorError = $"There is no study source named '{sourceId}' for the prior study.";
            return;
        }
        if (sourceId == SourceId && studyUid == StudyInstanceUid)
        {
            _priorError = "The prior study is the study shown.";
            return;
        }
        try
        {
            if (!await MayOpenPriorAsync(sourceId, studyUid)) // ViewerPage.Access.cs
            {
                _priorError = "Your account may not open the prior study.";
                return;
            }
            var prior = await Models.GetAsync(source, studyUid, _cancel.Token);
            if (Prior == _priorRequested)
            {
                (_prior, _priorSourceId) = (prior, sourceId);
            }
        }
        catch (StudyObjectNotFoundException)
        {
            _priorError = $"The prior study {studyUid} was not found in '{sourceId}'.";
        }
        catch (StudySourceException e)
        {
            _priorError = $"The prior study could not be loaded from '{sourceId}': {e.Message}.";
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // the page was left
        }
    }

    /// <summary>The series with this UID in the current study or the prior, with its study and source.</summary>
    private (StudyModel Study, string SourceId, SeriesModel Series)? FindSeries(string seriesInstanceUid)
    {
        if (_study?.Series.FirstOrDefault(s => s.SeriesInstanceUid == seriesInstanceUid) is { } current)
        {
            return (_study, SourceId, current);
        }
        if (_prior?.Series.FirstOrDefault(s => s.SeriesInstanceUid == seriesInstanceUid) is { } prior)
        {
            return (_prior, _priorSourceId, prior);
        }
        return null;
    }

    /// <summary>The study a viewport's series belongs to (the current study for an empty viewport).</summary>
    private StudyModel StudyOf(int slot) =>
        (_state.Assignments[slot] is { } uid ? FindSeries(uid)?.Study : null) ?? _study!;

    private string SourceOf(int slot) =>
        (_state.Assignments[slot] is { } uid ? FindSeries(uid)?.SourceId : null) ?? SourceId;

    /// <summary>"Prior: 2023-01-05" or "Current: ..." on a viewport while a prior is open; null otherwise.</summary>
    private string? StudyLabelOf(int slot)
    {
        if (_prior is null || SeriesOf(slot) is null)
        {
            return null;
        }
        var study = StudyOf(slot);
        return $"{(ReferenceEquals(study, _prior) ? "Prior" : "Current")}: {Date(study.StudyDate)}";
    }

    private static string Label(string which, StudyModel study) =>
        string.IsNullOrEmpty(study.Description) ? $"{which}: {Date(study.StudyDate)}" : $"{which}: {Date(study.StudyDate)}, {study.Description}";

    /// <summary>The model's study date (already yyyy-MM-dd); a raw DA value (PS3.5 6.2, YYYYMMDD) is formatted so too.</summary>
    private static string Date(string? da) =>
        DateOnly.TryParseExact(da, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : da ?? "no date";
}
