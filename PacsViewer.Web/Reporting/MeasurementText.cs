using System.Globalization;
using PacsViewer.Core.Viewing;
using PacsViewer.Web.Viewer;

namespace PacsViewer.Web.Reporting;

/// <summary>A viewer measurement as report text, e.g. "Length 23.4 mm (series 2, image 45)".</summary>
public static class MeasurementText
{
    public static string Format(MeasurementReport measurement, StudyModel? study)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        var label = measurement.Kind switch
        {
            "length" => "Length",
            "angle" => "Angle",
            "rect" => "Rectangle ROI",
            "ellipse" => "Ellipse ROI",
            "arrow" => "Note",
            _ => measurement.Kind,
        };
        var series = study?.Series.FirstOrDefault(s => s.SeriesInstanceUid == measurement.SeriesInstanceUid);
        var instance = series?.Instances.FirstOrDefault(i => i.SopInstanceUid == measurement.SopInstanceUid);
        var where = new List<string>();
        if (series?.SeriesNumber is { } seriesNumber)
        {
            where.Add(string.Create(CultureInfo.InvariantCulture, $"series {seriesNumber}"));
        }
        if (instance?.InstanceNumber is { } instanceNumber)
        {
            where.Add(string.Create(CultureInfo.InvariantCulture, $"image {instanceNumber}"));
        }
        if (instance is { Frames: > 1 })
        {
            where.Add(string.Create(CultureInfo.InvariantCulture, $"frame {measurement.Frame}"));
        }
        var text = $"{label} {measurement.Text}".TrimEnd();
        return where.Count == 0 ? text : $"{text} ({string.Join(", ", where)})";
    }
}
