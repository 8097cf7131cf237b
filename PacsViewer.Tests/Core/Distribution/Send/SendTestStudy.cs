using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Distribution.Send;

/// <summary>
/// A study made of sample files under new UIDs (2.25 UUIDs), so each test sends objects no peer holds yet (Orthanc keeps
/// the first file of a SOP Instance UID): each sample keeps its pixel data and attributes, the Study Instance UID is new
/// and shared, each source series gets one new Series Instance UID, each object a new SOP Instance UID.
/// </summary>
internal sealed class SendTestStudy
{
    public static readonly string[] BrainSamples = [.. Enumerable.Range(1, 5).Select(i => $"series/mr_brain_ge_axial_pd/brain_{i:000}.dcm")];

    private SendTestStudy(string studyInstanceUid, IReadOnlyList<(string Path, string Series, string Sop, string Sample)> files)
    {
        StudyInstanceUid = studyInstanceUid;
        Files = files;
    }

    public string StudyInstanceUid { get; }

    public IReadOnlyList<(string Path, string Series, string Sop, string Sample)> Files { get; }

    public IReadOnlyList<string> SopInstanceUids => [.. Files.Select(f => f.Sop)];

    public static string NewUid() => "2.25." + new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true);

    /// <summary>Writes copies of <paramref name="samples"/> under new UIDs into <paramref name="directory"/>.</summary>
    public static SendTestStudy Create(string directory, params string[] samples)
    {
        var study = NewUid();
        var seriesMap = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new List<(string, string, string, string)>();
        foreach (var sample in samples)
        {
            var original = DicomFile.Open(TestFiles.Sample(sample));
            var oldSeries = original.Dataset.GetString(DicomTags.SeriesInstanceUID) ?? sample;
            if (!seriesMap.TryGetValue(oldSeries, out var series))
            {
                seriesMap[oldSeries] = series = NewUid();
            }
            var sop = NewUid();
            var dataset = new DicomDatasetBuilder(original.Dataset)
                .Set(DicomTags.StudyInstanceUID, study)
                .Set(DicomTags.SeriesInstanceUID, series)
                .Set(DicomTags.SOPInstanceUID, sop)
                .Set(DicomTags.PatientID, "SEND-TEST")
                .Set(DicomTags.PatientName, "SEND^TEST")
                .ToDataset();
            var path = Path.Combine(directory, $"{files.Count:000}.dcm");
            DicomFileWriter.Write(path, new DicomFile(DicomDataset.Empty, dataset, original.TransferSyntax));
            files.Add((path, series, sop, sample));
        }
        return new SendTestStudy(study, files);
    }
}
