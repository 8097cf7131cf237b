using PacsViewer.Core.Viewing;

namespace PacsViewer.Tests.Web.Viewer;

/// <summary>Small study models written out by hand, for tests of what the viewer shows of a model.</summary>
internal static class SampleStudyModels
{
    public const string StudyUid = "2.25.100";
    public const string CtSeriesUid = "2.25.101";
    public const string SrSeriesUid = "2.25.102";
    public const string PdfSeriesUid = "2.25.103";
    public const string UsSeriesUid = "2.25.104";

    /// <summary>Axial CT: row direction patient left (+x), column direction posterior (+y).</summary>
    public static readonly double[] Axial = [1, 0, 0, 0, 1, 0];

    public static InstanceModel CtSlice(int number, double z) => new(
        $"2.25.101.{number}", "1.2.840.10008.5.1.4.1.1.2", number, 1, 512, 512, [0.7, 0.7], PixelSpacingKind.PixelSpacing,
        z, 2.5, [-179, -179, z], Axial, [new InstanceWindow(40, 400, "SOFT TISSUE"), new InstanceWindow(-600, 1500, "LUNG")],
        null, "MONOCHROME2", false, "HU");

    public static StudyModel Study()
    {
        var ct = new SeriesModel(CtSeriesUid, "CT", 2, "AXIAL 2.5", "2.25.9", SeriesKind.Image, "CT Image Storage",
            [CtSlice(1, -150), CtSlice(2, -147.5), CtSlice(3, -145)]);
        var us = new SeriesModel(UsSeriesUid, "US", 3, "CLIP", null, SeriesKind.Image, "Ultrasound Multi-frame Image Storage",
            [new InstanceModel("2.25.104.1", "1.2.840.10008.5.1.4.1.1.3.1", 1, 24, 480, 640, null, null, null, null, null, null, [],
                40, "RGB", true, null)]);
        var sr = new SeriesModel(SrSeriesUid, "SR", 10, "REPORT", null, SeriesKind.Sr, "Basic Text SR Storage",
            [new InstanceModel("2.25.102.1", "1.2.840.10008.5.1.4.1.1.88.11", 1, 0, 0, 0, null, null, null, null, null, null, [], null, null, false, null)]);
        var pdf = new SeriesModel(PdfSeriesUid, "DOC", 11, "REQUEST", null, SeriesKind.Pdf, "Encapsulated PDF Storage",
            [new InstanceModel("2.25.103.1", "1.2.840.10008.5.1.4.1.1.104.1", 1, 0, 0, 0, null, null, null, null, null, null, [], null, null, false, null)]);
        return new StudyModel(StudyUid, "TEST^PATIENT", "PID-1", "1970-01-02", "O", "2026-01-05", "10:20:30", "ACC1", "CT CHEST",
            ["CT", "US", "SR", "DOC"], 4, 6, [sr, ct, us, pdf],
            new Dictionary<string, IReadOnlyList<WindowPreset>> { ["CT"] = WindowPresets.Ct });
    }
}
