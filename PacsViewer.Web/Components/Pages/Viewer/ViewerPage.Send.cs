namespace PacsViewer.Web.Components.Pages.Viewer;

/// <summary>The Send button's series (issue 8): the active viewport's series when it belongs to this study (not to a prior).</summary>
public sealed partial class ViewerPage
{
    private Core.Viewing.SeriesModel? SendSeries =>
        ActiveSeries is { } series && _study is not null && _study.Series.Any(s => s.SeriesInstanceUid == series.SeriesInstanceUid) ? series : null;

    private string? SendSeriesLabel => SendSeries is { } series
        ? string.Join(' ', new[] { series.Modality, series.SeriesNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture), series.Description }
            .Where(s => !string.IsNullOrWhiteSpace(s)))
        : null;
}
