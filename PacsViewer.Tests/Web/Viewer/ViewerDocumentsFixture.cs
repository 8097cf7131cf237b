using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Web.Viewer;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 and headless system Chromium, its archive holding one study: four demo CT
/// slices, the corpus's comprehensive SR (sr/test-SR.dcm), its encapsulated PDF (doc/sample-pdf.dcm) and its HTJ2K
/// image (sc/HTJ2K_08_RGB.dcm, which no codec here decodes), each re-identified into the CT's study. The archive is
/// also registered a second time as <see cref="CountedSourceId"/>, a decorator counting the searches asked of it.
/// </summary>
public sealed class ViewerDocumentsFixture : IAsyncLifetime
{
    public const string CountedSourceId = "counted-archive";

    public const int CtCount = 4;

    private readonly KestrelWebApplicationFactory _factory = new()
    {
        ConfigureTestServices = services => services.AddSingleton<IStudySource>(
            sp => new CountingStudySource(sp.GetRequiredService<LocalArchive>(), CountedSourceId)),
    };

    private HeadlessChromium? _chromium;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => Chromium.Browser;

    private HeadlessChromium Chromium => _chromium ?? throw new InvalidOperationException("not initialised");

    public DemoStudyGenerator Generator { get; } = new("viewer-documents-tests");

    public List<DicomFile> Ct { get; } = [];

    public string StudyUid => Ct[0].Dataset.GetFirstString(DicomTags.StudyInstanceUID)!;

    public string CtSeriesUid => Ct[0].Dataset.GetFirstString(DicomTags.SeriesInstanceUID)!;

    public string SrSeriesUid { get; private set; } = "";

    public string PdfSeriesUid { get; private set; } = "";

    public string PdfUid { get; private set; } = "";

    public string Htj2kSeriesUid => Generator.Uid("test/htj2k-series");

    public CountingStudySource Counted => _factory.Services.GetServices<IStudySource>().OfType<CountingStudySource>().Single();

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ViewerBrowserFixture.ChromiumPath), $"Browser tests need Chromium at {ViewerBrowserFixture.ChromiumPath}.");
        BaseAddress = _factory.Start();
        var archive = _factory.Services.GetRequiredService<LocalArchive>();
        for (var i = 0; i < CtCount; i++)
        {
            Ct.Add(Generator.CtSlice(i));
            await StoreAsync(archive, Ct[i]);
        }
        var sr = Reidentified(DicomFile.Open(TestFiles.Sample("sr/test-SR.dcm")), null, "80");
        SrSeriesUid = sr.Dataset.GetFirstString(DicomTags.SeriesInstanceUID)!;
        await StoreAsync(archive, sr);
        var pdf = Reidentified(DicomFile.Open(TestFiles.Sample("doc/sample-pdf.dcm")), null, "81");
        (PdfSeriesUid, PdfUid) = (pdf.Dataset.GetFirstString(DicomTags.SeriesInstanceUID)!, pdf.SopInstanceUid!);
        await StoreAsync(archive, pdf);
        // The sample has no Study or Series Instance UID, which the archive requires.
        await StoreAsync(archive, Reidentified(DicomFile.Open(TestFiles.Sample("sc/HTJ2K_08_RGB.dcm")), Htj2kSeriesUid, "82"));

        _chromium = await HeadlessChromium.LaunchAsync();
    }

    /// <summary>
    /// A new page (own context) of 1920x1000 at device pixel ratio 1, with the app as base URL, signed in as the
    /// radiologist: signed in, the viewer has the report panel and the navigation drawer beside the viewports, which
    /// leave them about 150 px at 1280 wide, so the page is wider.
    /// </summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await Chromium.NewPageAsync(BaseAddress, 1920, 1000);
        await AppSignIn.SignInAsync(page, BaseAddress, AppSignIn.Radiologist);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        await _factory.DisposeAsync();
    }

    private static async Task StoreAsync(LocalArchive archive, DicomFile file)
    {
        var stored = await archive.AddAsync(file);
        Assert.True(stored.Outcome == ArchiveStoreOutcome.Stored, stored.ToString());
    }

    /// <summary>The object moved into the CT's study and patient (and into <paramref name="series"/> when given).</summary>
    private DicomFile Reidentified(DicomFile file, string? series, string seriesNumber)
    {
        var ct = Ct[0].Dataset;
        var builder = file.Dataset.ToBuilder()
            .Set(DicomTags.StudyInstanceUID, StudyUid)
            .Set(DicomTags.PatientName, ct.GetString(DicomTags.PatientName)!)
            .Set(DicomTags.PatientID, ct.GetString(DicomTags.PatientID)!)
            .Set(DicomTags.StudyDate, ct.GetString(DicomTags.StudyDate)!)
            .Set(DicomTags.SeriesNumber, seriesNumber);
        if (series is not null)
        {
            builder.Set(DicomTags.SeriesInstanceUID, series);
        }
        var dataset = builder.ToDataset();
        return new DicomFile(DicomFileWriter.CreateFileMeta(dataset, file.TransferSyntax), dataset, file.TransferSyntax);
    }
}
