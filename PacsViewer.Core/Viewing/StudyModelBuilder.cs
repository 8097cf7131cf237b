using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Imaging.Grayscale;

namespace PacsViewer.Core.Viewing;

/// <summary>Builds the viewer's <see cref="StudyModel"/> from query results and instance headers (no pixel data is read).</summary>
public static class StudyModelBuilder
{
    /// <summary>The model of one instance from its header.</summary>
    public static InstanceModel Instance(DicomDataset header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var photometric = header.GetFirstString(DicomTags.PhotometricInterpretation)?.Trim();
        var monochrome = photometric is "MONOCHROME1" or "MONOCHROME2";
        // PS3.3 10.7.1.1: Pixel Spacing is in the patient; Imager Pixel Spacing at the detector (projection radiography).
        var frames = Math.Max(1, header.GetInt32(DicomTags.NumberOfFrames, 1));
        // PS3.3 C.7.6.16: an enhanced image keeps its geometry in functional groups; the first frame's stands for the instance.
        var perFrame = FunctionalGroupGeometry.Read(header, frames);
        var first = perFrame is { Count: > 0 } ? perFrame[0] : null;
        IReadOnlyList<double>? spacing = Positive(header.GetNumbers(DicomTags.PixelSpacing).Values, 2) ?? first?.PixelSpacing;
        PixelSpacingKind? spacingKind = spacing is null ? null : PixelSpacingKind.PixelSpacing;
        if (spacing is null && Positive(header.GetNumbers(DicomTags.ImagerPixelSpacing).Values, 2) is { } imager)
        {
            (spacing, spacingKind) = (imager, PixelSpacingKind.ImagerPixelSpacing);
        }
        return new InstanceModel(
            header.GetFirstString(DicomTags.SOPInstanceUID) ?? "",
            header.GetFirstString(DicomTags.SOPClassUID),
            header.TryGetInt32(DicomTags.InstanceNumber, out var number) ? number : null,
            frames,
            header.GetInt32(DicomTags.Rows, 0),
            header.GetInt32(DicomTags.Columns, 0),
            spacing,
            spacingKind,
            Finite(header, DicomTags.SliceLocation),
            Finite(header, DicomTags.SliceThickness) ?? first?.SliceThickness,
            Finite(header.GetNumbers(DicomTags.ImagePositionPatient).Values, 3) ?? first?.ImagePositionPatient,
            Finite(header.GetNumbers(DicomTags.ImageOrientationPatient).Values, 6) ?? first?.ImageOrientationPatient,
            monochrome ? Windows(header) : [],
            FrameTime(header),
            photometric,
            photometric is not null && !monochrome,
            ModalityUnits(header),
            perFrame);
    }

    /// <summary>
    /// A series from its query result (or first header) and its instances' headers: its kind is the most common kind
    /// of its instances, and an image series is put in <see cref="StackOrder"/>.
    /// </summary>
    public static SeriesModel Series(DicomDataset series, IReadOnlyList<DicomDataset> headers)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(headers);
        var instances = headers.Select(Instance).ToList();
        var kinds = instances.Select(i => SopClassKinds.Classify(i.SopClassUid, i.Rows, i.Columns, i.Photometric)).ToList();
        var kind = kinds.Count == 0 ? SeriesKind.Unsupported
            : kinds.GroupBy(k => k).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var sopClass = instances.Select(i => i.SopClassUid).FirstOrDefault(u => u is not null);
        var first = headers.Count > 0 ? headers[0] : series;
        string? Text(DicomTag tag) => series.GetFirstString(tag) ?? first.GetFirstString(tag);
        int? seriesNumber = series.TryGetInt32(DicomTags.SeriesNumber, out var n) || first.TryGetInt32(DicomTags.SeriesNumber, out n) ? n : null;
        return new SeriesModel(
            Text(DicomTags.SeriesInstanceUID) ?? "",
            Text(DicomTags.Modality),
            seriesNumber,
            Text(DicomTags.SeriesDescription),
            headers.Select(h => h.GetFirstString(DicomTags.FrameOfReferenceUID)).FirstOrDefault(u => u is not null),
            kind,
            instances.Count == 0 ? "an empty series" : SopClassKinds.Describe(kind, sopClass),
            kind == SeriesKind.Image ? StackOrder.Order(instances) : instances.OrderBy(i => i.InstanceNumber ?? int.MaxValue).ToList(),
            Text(DicomTags.BodyPartExamined));
    }

    /// <summary>The study model: series by series number, presets for each modality of the image series.</summary>
    public static StudyModel Study(DicomDataset study, IEnumerable<SeriesModel> series)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(series);
        var s = StudySummary.FromDataset(study);
        var ordered = series.OrderBy(x => x.SeriesNumber ?? int.MaxValue).ThenBy(x => x.SeriesInstanceUid, StringComparer.Ordinal).ToList();
        var presets = new Dictionary<string, IReadOnlyList<WindowPreset>>(StringComparer.Ordinal);
        foreach (var group in ordered.Where(x => x.Kind == SeriesKind.Image && !string.IsNullOrEmpty(x.Modality)).GroupBy(x => x.Modality!))
        {
            presets[group.Key] = WindowPresets.For(group.Key, group.SelectMany(x => x.Instances.Take(1)).SelectMany(i => i.Windows));
        }
        var modalities = s.Modalities.Count > 0 ? s.Modalities
            : ordered.Select(x => x.Modality).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        return new StudyModel(s.StudyInstanceUid, s.PatientName, s.PatientId, s.PatientBirthDate, s.PatientSex, s.StudyDate,
            s.StudyTime, s.AccessionNumber, s.Description, modalities, s.SeriesCount ?? ordered.Count,
            s.InstanceCount ?? ordered.Sum(x => x.Instances.Count), ordered, presets);
    }

    /// <summary>"HU" for CT (PS3.3 C.8.2.1: CT rescale gives Hounsfield units) or Rescale Type HU; else the Rescale Type (PS3.3 C.11.1.1.2), or null.</summary>
    public static string? ModalityUnits(DicomDataset header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var type = header.GetFirstString(DicomTags.RescaleType);
        if (string.Equals(type, "HU", StringComparison.OrdinalIgnoreCase)
            || type is null && string.Equals(header.GetFirstString(DicomTags.Modality), "CT", StringComparison.OrdinalIgnoreCase))
        {
            return "HU";
        }
        return type;
    }

    private static IReadOnlyList<InstanceWindow> Windows(DicomDataset header)
    {
        try
        {
            return GrayscalePipeline.FromDataset(header).Windows
                .Select(w => new InstanceWindow(w.Center, w.Width, string.IsNullOrWhiteSpace(w.Explanation) ? null : w.Explanation))
                .ToList();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or Codecs.PixelDataException)
        {
            return []; // A header whose VOI/modality attributes cannot be read still gets a model; the renderer says what is wrong.
        }
    }

    /// <summary>Frame Time (0018,1063) in ms, else 1000 / Cine Rate (0018,0040) (PS3.3 C.7.6.5).</summary>
    private static double? FrameTime(DicomDataset header)
    {
        if (header.TryGetDouble(DicomTags.FrameTime, out var ms) && ms > 0 && double.IsFinite(ms))
        {
            return ms;
        }
        return header.TryGetDouble(DicomTags.CineRate, out var rate) && rate > 0 && double.IsFinite(rate) ? 1000 / rate : null;
    }

    private static double? Finite(DicomDataset dataset, DicomTag tag) =>
        dataset.TryGetDouble(tag, out var v) && double.IsFinite(v) ? v : null;

    private static double[]? Finite(double[] values, int count) =>
        values.Length == count && values.All(double.IsFinite) ? values : null;

    private static double[]? Positive(double[] values, int count) =>
        values.Length == count && values.All(v => v > 0 && double.IsFinite(v)) ? values : null;
}
