using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using PacsViewer.Tests.Core.Distribution.Upload;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Web.Upload;

/// <summary>
/// An upload into an upstream PACS (Orthanc over DICOMweb STOW-RS), read back from Orthanc. Its own Orthanc (not the
/// shared collection's): it stores studies, and other classes assert the exact set of studies the shared one holds.
/// </summary>
public sealed class UploadOrthancTests(OrthancFixture orthanc) : IClassFixture<OrthancFixture>, IDisposable
{
    private readonly OrthancSourceFactory _factory = new(orthanc.Server.DicomWebRoot);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Upload_ToOrthancByStowRs_GoodStoredBadRefusedReadBackFromOrthanc()
    {
        var client = await UploadClient.SignInAsync(_factory, AppSignIn.Radiologist);
        var (good, study, sop) = UploadTestFiles.Good();

        var jobId = await client.UploadAsync(OrthancSourceFactory.SourceName, ("good.dcm", good), ("bad.txt", UploadTestFiles.NotDicom()));
        var status = await client.FinishedAsync(jobId);

        Assert.Equal("PartlyFailed", status.GetProperty("state").GetString());
        var items = status.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("label").GetString(), i.GetProperty("state").GetString(), i.GetProperty("error").GetString())).ToList();
        Assert.Equal([("good.dcm", "Done", null), ("bad.txt", "Failed", "not a DICOM file: no DICM prefix")], items);
        var instances = await orthanc.Server.Rest.GetFromJsonAsync<JsonElement>(new Uri($"dicom-web/studies/{study}/instances", UriKind.Relative));
        var sops = instances.EnumerateArray().Select(i => i.GetProperty("00080018").GetProperty("Value")[0].GetString()).ToList();
        Assert.Equal([sop], sops);
    }

    private sealed class OrthancSourceFactory(Uri dicomWebRoot) : PacsViewerWebApplicationFactory
    {
        public const string SourceName = "orthanc-upload";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // Pacs:Sources is read while services are registered: host settings.
            builder.UseSetting("Pacs:Sources:0:Name", SourceName);
            builder.UseSetting("Pacs:Sources:0:Kind", "dicomweb");
            builder.UseSetting("Pacs:Sources:0:Url", dicomWebRoot.ToString().TrimEnd('/'));
            builder.UseSetting("Pacs:Sources:0:TimeoutSeconds", 60.ToString(CultureInfo.InvariantCulture));
        }
    }
}
