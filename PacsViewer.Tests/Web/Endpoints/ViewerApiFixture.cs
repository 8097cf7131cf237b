using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Web.Endpoints;

/// <summary>
/// The app with its archive holding: six demo CT slices stored out of order and numbered against their position
/// (Instance Number 6 for the most inferior), an SR and an encapsulated PDF built here (the sample corpus has
/// neither), and the HTJ2K sample, which no codec here decodes.
/// </summary>
public sealed class ViewerApiFixture : IAsyncLifetime
{
    public const int CtCount = 6;

    public const string SrConceptName = "Findings";

    public const string SrText = "No focal lesion in the demo phantom.";

    public static readonly byte[] PdfBytes = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    /// <summary>The id of <see cref="Counted"/>, a counting decorator of the app's archive.</summary>
    public const string CountedSourceId = "counted-archive";

    public PacsViewerWebApplicationFactory Factory { get; } = new()
    {
        ConfigureTestServices = services => services.AddSingleton<IStudySource>(
            sp => new CountingStudySource(sp.GetRequiredService<LocalArchive>(), CountedSourceId)),
    };

    /// <summary>The archive again under <see cref="CountedSourceId"/>, counting the searches asked of it.</summary>
    public CountingStudySource Counted => Factory.Services.GetServices<IStudySource>().OfType<CountingStudySource>().Single();

    public HttpClient Client { get; private set; } = null!;

    public DemoStudyGenerator Generator { get; } = new("viewer-api-tests");

    /// <summary>The stored CT files by slice index (0 = most inferior).</summary>
    public List<DicomFile> Ct { get; } = [];

    public string StudyUid => Ct[0].Dataset.GetFirstString(DicomTags.StudyInstanceUID)!;

    public string CtSeriesUid => Ct[0].Dataset.GetFirstString(DicomTags.SeriesInstanceUID)!;

    public string SrSeriesUid => Generator.Uid("test/sr-series");

    public string SrUid => Generator.Uid("test/sr");

    public string PdfSeriesUid => Generator.Uid("test/pdf-series");

    public string PdfUid => Generator.Uid("test/pdf");

    public DicomFile Htj2k { get; private set; } = null!;

    public string CtPath(int slice, string rest) =>
        $"/api/sources/archive/studies/{StudyUid}/series/{CtSeriesUid}/instances/{Ct[slice].SopInstanceUid}/{rest}";

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        await AppSignIn.SignInAsync(Client, AppSignIn.Radiologist);
        var archive = Factory.Services.GetRequiredService<LocalArchive>();
        for (var i = 0; i < CtCount; i++)
        {
            var slice = Generator.CtSlice(i);
            var renumbered = slice.Dataset.ToBuilder().Set(DicomTags.InstanceNumber, (CtCount - i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToDataset();
            Ct.Add(ToFile(renumbered));
        }
        foreach (var i in new[] { 3, 0, 5, 1, 4, 2 })
        {
            Assert.Equal(ArchiveStoreOutcome.Stored, (await archive.AddAsync(Ct[i])).Outcome);
        }
        Assert.Equal(ArchiveStoreOutcome.Stored, (await archive.AddAsync(ToFile(Sr()))).Outcome);
        Assert.Equal(ArchiveStoreOutcome.Stored, (await archive.AddAsync(ToFile(Pdf()))).Outcome);
        // The sample has no Study or Series Instance UID, which the archive requires.
        var htj2k = DicomFile.Open(TestFiles.Sample("sc/HTJ2K_08_RGB.dcm"));
        var identified = htj2k.Dataset.ToBuilder()
            .Set(DicomTags.StudyInstanceUID, Generator.Uid("test/htj2k-study"))
            .Set(DicomTags.SeriesInstanceUID, Generator.Uid("test/htj2k-series"))
            .ToDataset();
        Htj2k = new DicomFile(DicomFileWriter.CreateFileMeta(identified, htj2k.TransferSyntax), identified, htj2k.TransferSyntax);
        var stored = await archive.AddAsync(Htj2k);
        Assert.True(stored.Outcome == ArchiveStoreOutcome.Stored, stored.ToString());
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A Basic Text SR (PS3.3 A.35.1) in the CT's study: a titled container holding one TEXT item.</summary>
    private DicomDataset Sr()
    {
        static DicomDataset Code(string value, string scheme, string meaning) => new DicomDatasetBuilder()
            .Set(DicomTags.CodeValue, value).Set(DicomTags.CodingSchemeDesignator, scheme).Set(DicomTags.CodeMeaning, meaning).ToDataset();
        var text = new DicomDatasetBuilder()
            .Set(DicomTags.RelationshipType, "CONTAINS")
            .Set(DicomTags.ValueType, "TEXT")
            .SetSequence(DicomTags.ConceptNameCodeSequence, Code("121071", "DCM", SrConceptName))
            .Set(DicomTags.TextValue, SrText)
            .ToDataset();
        return Common("1.2.840.10008.5.1.4.1.1.88.11", SrSeriesUid, SrUid, "SR")
            .Set(DicomTags.ValueType, "CONTAINER")
            .Set(DicomTags.ContinuityOfContent, "SEPARATE")
            .Set(DicomTags.CompletionFlag, "COMPLETE")
            .Set(DicomTags.VerificationFlag, "UNVERIFIED")
            .SetSequence(DicomTags.ConceptNameCodeSequence, Code("11528-7", "LN", "Radiology Report"))
            .SetSequence(DicomTags.ContentSequence, text)
            .ToDataset();
    }

    /// <summary>An Encapsulated PDF (PS3.3 A.45.1) in the CT's study.</summary>
    private DicomDataset Pdf()
    {
        var padded = PdfBytes.Length % 2 == 0 ? PdfBytes : [.. PdfBytes, 0];
        return Common(PacsViewer.Core.Viewing.SopClassKinds.EncapsulatedPdf, PdfSeriesUid, PdfUid, "DOC")
            .Set(DicomTags.MIMETypeOfEncapsulatedDocument, "application/pdf")
            .Set(DicomTags.DocumentTitle, "Referral letter")
            .SetUInt32(DicomTags.EncapsulatedDocumentLength, (uint)PdfBytes.Length)
            .SetBytes(DicomTags.EncapsulatedDocument, DicomVR.OB, padded)
            .ToDataset();
    }

    private DicomDatasetBuilder Common(string sopClass, string series, string sop, string modality)
    {
        var ct = Ct[0].Dataset;
        return new DicomDatasetBuilder()
            .Set(DicomTags.SOPClassUID, sopClass)
            .Set(DicomTags.SOPInstanceUID, sop)
            .Set(DicomTags.StudyInstanceUID, StudyUid)
            .Set(DicomTags.SeriesInstanceUID, series)
            .Set(DicomTags.Modality, modality)
            .Set(DicomTags.SeriesNumber, modality == "SR" ? "90" : "91")
            .Set(DicomTags.InstanceNumber, "1")
            .Set(DicomTags.PatientName, ct.GetString(DicomTags.PatientName)!)
            .Set(DicomTags.PatientID, ct.GetString(DicomTags.PatientID)!)
            .Set(DicomTags.StudyDate, ct.GetString(DicomTags.StudyDate)!);
    }

    private static DicomFile ToFile(DicomDataset dataset)
    {
        var syntax = DicomTransferSyntax.ExplicitVRLittleEndian;
        return new DicomFile(DicomFileWriter.CreateFileMeta(dataset, syntax), dataset, syntax);
    }
}
