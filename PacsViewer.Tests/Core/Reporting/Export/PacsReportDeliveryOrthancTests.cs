using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Reporting.Export;
using PacsViewer.Core.Viewing;
using PacsViewer.Core.Viewing.StructuredReports;
using PacsViewer.Tests.Core.Network;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Reporting.Export;

/// <summary>
/// The SR delivered to a real Orthanc (<see cref="ReportDeliveryOrthancFixture"/>) by STOW-RS and by C-STORE, read
/// back from Orthanc and checked by our reader, dcmdump and pydicom; and deliveries that fail. Each test writes a new
/// report (fresh report id), so the tests share the one Orthanc.
/// </summary>
public sealed class PacsReportDeliveryOrthancTests(ReportDeliveryOrthancFixture fixture) : IClassFixture<ReportDeliveryOrthancFixture>
{
    private const string WebSource = "pacs-web";
    private const string DimseSource = "pacs-dimse";

    private readonly string _temp = fixture.TempPath;
    private readonly HttpClient _http = fixture.Http;

    private OrthancServer Orthanc => fixture.Orthanc;

    private static CancellationToken Hang => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    private string TempFile(string name) => Path.Combine(_temp, name);

    private DicomWebStudySource Web() => new(WebSource, () => _http);

    private DimseStudySource Dimse() =>
        new(DimseSource, new DicomPeer("127.0.0.1", Orthanc.DicomPort, Orthanc.AeTitle), new DicomClient(), _temp);

    private PacsReportDelivery Delivery(params IStudySource[] sources) => new(new StudySourceCatalog(sources), new BasicTextSrWriter(ReportSamples.Options()));

    /// <summary>A new report on the study of the image in Orthanc, with that image's patient.</summary>
    private ReportSnapshot ReportOnImageStudy(string sourceName)
    {
        var image = fixture.ImageDataset;
        var report = ReportSamples.Final(image.GetString(DicomTags.StudyInstanceUID)!, image.GetString(DicomTags.PatientID)!,
            image.GetString(DicomTags.PatientName)!, sourceName);
        return report;
    }

    private async Task<DicomFile> RetrieveAsync(ReportSnapshot report) =>
        await Web().GetInstanceAsync(new InstanceKey(report.Study.StudyInstanceUid, ReportDocumentUids.SeriesInstanceUid(report.Study.StudyInstanceUid),
            ReportDocumentUids.SopInstanceUid(report.ReportId, report.Version)), Hang);

    [Fact]
    public async Task DeliverAsync_StowRs_OrthancFilesTheSrAsANewSeriesOfTheStudy()
    {
        var report = ReportOnImageStudy(WebSource);
        var study = report.Study.StudyInstanceUid;

        await Delivery(Web()).DeliverAsync(report, Hang);

        // Filed under the same patient and study: one study for the patient, now with the image series and the SR series.
        var studies = await Web().SearchStudiesAsync(new StudyQuery { PatientId = report.Patient.PatientId }, Hang).ToListAsync();
        Assert.Equal(study, Assert.Single(studies).GetString(DicomTags.StudyInstanceUID));
        var series = await Web().SearchSeriesAsync(study, Hang).ToListAsync();
        Assert.Equal(2, series.Count);
        var srSeries = Assert.Single(series, s => s.GetString(DicomTags.Modality) == "SR");
        Assert.Equal(ReportDocumentUids.SeriesInstanceUid(study), srSeries.GetString(DicomTags.SeriesInstanceUID));

        var back = await RetrieveAsync(report);
        var sr = SrDocumentReader.Read(back.Dataset);
        Assert.Equal(DicomUids.BasicTextSRStorage, back.SopClassUid);
        Assert.Equal(report.Patient.PatientName, back.Dataset.GetString(DicomTags.PatientName));
        Assert.Equal(report.Patient.PatientId, back.Dataset.GetString(DicomTags.PatientID));
        Assert.Equal(study, back.Dataset.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal("VERIFIED", sr.VerificationFlag);
        Assert.Equal("COMPLETE", sr.CompletionFlag);
        // The study's image, as Orthanc lists it, is the evidence the report was made from (PS3.3 C.17.2.3).
        var evidence = back.Dataset.GetSequence(DicomTags.CurrentRequestedProcedureEvidenceSequence).Single()
            .GetSequence(DicomTags.ReferencedSeriesSequence).Single();
        Assert.Equal(fixture.ImageDataset.GetString(DicomTags.SeriesInstanceUID), evidence.GetString(DicomTags.SeriesInstanceUID));
        Assert.Equal(fixture.ImageDataset.GetString(DicomTags.SOPInstanceUID),
            evidence.GetSequence(DicomTags.ReferencedSOPSequence).Single().GetString(DicomTags.ReferencedSOPInstanceUID));
        foreach (var section in report.Sections)
        {
            Assert.Contains(section.Text, sr.Text, StringComparison.Ordinal);
        }

        var path = TempFile($"stow-{report.ReportId}.dcm");
        DicomFileWriter.Write(path, back);
        var (exit, dump) = await DcmtkProcess.RunAsync("dcmdump", "+L", path);
        Assert.True(exit == 0, dump);
        Assert.Contains("(0008,0016) UI =BasicTextSRStorage", dump, StringComparison.Ordinal);
        Assert.Contains(ReportSamples.FindingsText, dump, StringComparison.Ordinal);
        var py = await ExternalTools.ReadSrWithPydicomAsync(path);
        Assert.Equal((DicomUids.BasicTextSRStorage, report.Patient.PatientId, study, "SR", "VERIFIED"),
            (py.SOPClassUID, py.PatientID, py.StudyInstanceUID, py.Modality, py.VerificationFlag));
        Assert.Equal(report.Sections.Select(s => s.Text).Append(py.Texts[^1]), py.Texts);
    }

    [Fact]
    public async Task DeliverAsync_CStoreOriginalThenAddendum_SecondVersionNamesTheFirstAsPredecessor()
    {
        var original = ReportOnImageStudy(DimseSource);
        var amended = ReportSamples.WithAddendum(original);
        var delivery = Delivery(Dimse());

        await delivery.DeliverAsync(original, Hang);
        await delivery.DeliverAsync(amended, Hang);

        var study = original.Study.StudyInstanceUid;
        var instances = await Web().SearchInstancesAsync(study, ReportDocumentUids.SeriesInstanceUid(study), Hang).ToListAsync();
        var sops = instances.Select(i => i.GetString(DicomTags.SOPInstanceUID)).ToArray();
        Assert.Contains(ReportDocumentUids.SopInstanceUid(original.ReportId, 1), sops);
        Assert.Contains(ReportDocumentUids.SopInstanceUid(original.ReportId, 2), sops);
        var back = await RetrieveAsync(amended);
        var predecessor = back.Dataset.GetSequence(DicomTags.PredecessorDocumentsSequence).Single()
            .GetSequence(DicomTags.ReferencedSeriesSequence).Single().GetSequence(DicomTags.ReferencedSOPSequence).Single();
        Assert.Equal(ReportDocumentUids.SopInstanceUid(original.ReportId, 1), predecessor.GetString(DicomTags.ReferencedSOPInstanceUID));
        var sr = SrDocumentReader.Read(back.Dataset);
        Assert.Contains($"Addendum: {ReportSamples.AddendumText}", sr.Text, StringComparison.Ordinal);
        Assert.Contains(ReportSamples.FindingsText, sr.Text, StringComparison.Ordinal);

        var path = TempFile($"cstore-{original.ReportId}.dcm");
        DicomFileWriter.Write(path, back);
        var py = await ExternalTools.ReadSrWithPydicomAsync(path);
        Assert.Equal(ReportDocumentUids.SopInstanceUid(original.ReportId, 1), py.Predecessor);
        Assert.Equal(ReportSamples.AddendumText, py.Texts[^1]);
        var (exit, dump) = await DcmtkProcess.RunAsync("dcmdump", "+L", path);
        Assert.True(exit == 0, dump);
        Assert.Contains("=BasicTextSRStorage", dump, StringComparison.Ordinal);
        Assert.Contains(ReportSamples.AddendumText, dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_SameVersionTwice_OrthancHoldsOneInstance()
    {
        var report = ReportOnImageStudy(WebSource);
        var before = (await Orthanc.InstanceIdsAsync()).Count;

        await Delivery(Web()).DeliverAsync(report, Hang);
        await Delivery(Web()).DeliverAsync(report, Hang);

        Assert.Equal(before + 1, (await Orthanc.InstanceIdsAsync()).Count);
    }

    [Fact]
    public async Task DeliverAsync_NonAsciiPatientName_RoundTripsThroughOrthanc()
    {
        var report = ReportSamples.Final(ReportSamples.NewUid(), "PV-UTF8-1", "Müller^Zoë", WebSource) with
        {
            Sections = [new ReportSection("Befund", "Ödem ≤ 2 mm; kein Anhalt für Blutung.")],
        };

        await Delivery(Web()).DeliverAsync(report, Hang);

        var back = await RetrieveAsync(report);
        Assert.Equal("ISO_IR 192", back.Dataset.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("Müller^Zoë", back.Dataset.GetString(DicomTags.PatientName));
        Assert.Contains("Ödem ≤ 2 mm; kein Anhalt für Blutung.", SrDocumentReader.Read(back.Dataset).Text, StringComparison.Ordinal);
        var path = TempFile($"utf8-{report.ReportId}.dcm");
        DicomFileWriter.Write(path, back);
        Assert.Equal("Müller^Zoë", (await ExternalTools.ReadSrWithPydicomAsync(path)).PatientName);
    }

    [Fact]
    public async Task DeliverAsync_UnreachableDicomWebSource_ThrowsReportDeliveryException()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/dicom-web/") };
        var report = ReportOnImageStudy("down-web");

        var e = await Assert.ThrowsAsync<ReportDeliveryException>(() => Delivery(new DicomWebStudySource("down-web", () => http)).DeliverAsync(report, Hang));

        Assert.Contains($"report {report.ReportId} version 1 was not stored to 'down-web'", e.Message, StringComparison.Ordinal);
        Assert.IsType<StudySourceException>(e.InnerException);
    }

    [Fact]
    public async Task DeliverAsync_UnreachableDimseSource_ThrowsReportDeliveryException()
    {
        var peer = new DicomPeer("127.0.0.1", LoopbackPort.Free(), "NOBODY");
        var report = ReportOnImageStudy("down-dimse");

        var e = await Assert.ThrowsAsync<ReportDeliveryException>(() =>
            Delivery(new DimseStudySource("down-dimse", peer, new DicomClient(), _temp)).DeliverAsync(report, Hang));

        Assert.Contains("was not stored to 'down-dimse'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Patient.PatientName, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_UnknownSource_ThrowsReportDeliveryExceptionListingTheKnownOnes()
    {
        var report = ReportOnImageStudy("nowhere");

        var e = await Assert.ThrowsAsync<ReportDeliveryException>(() => Delivery(Web()).DeliverAsync(report, Hang));

        Assert.Contains("no study source named 'nowhere' is configured (known sources: pacs-web)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_InvalidSnapshot_ThrowsReportDeliveryExceptionAndStoresNothing()
    {
        var report = ReportOnImageStudy(WebSource) with { Version = 3, Status = ReportSnapshotStatus.Amended };
        var before = (await Orthanc.InstanceIdsAsync()).Count;

        var e = await Assert.ThrowsAsync<ReportDeliveryException>(() => Delivery(Web()).DeliverAsync(report, Hang));

        Assert.Contains("cannot be written as a DICOM SR", e.Message, StringComparison.Ordinal);
        Assert.IsType<ArgumentException>(e.InnerException);
        Assert.Equal(before, (await Orthanc.InstanceIdsAsync()).Count);
    }
}
