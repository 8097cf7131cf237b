using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Web.Health;

/// <summary>The app with one configured DICOMweb source (<see cref="ConfiguredName"/>, Orthanc) beside the admin-managed connections.</summary>
internal sealed class PacsConnectionsWebApplicationFactory(OrthancServer orthanc) : PacsViewerWebApplicationFactory
{
    public const string ConfiguredName = "configured-orthanc";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cache:Path"] = Path.Combine(DataFolder, "cache"),
        }));
        // Pacs:Sources is read while services are registered, before ConfigureAppConfiguration applies: host settings.
        builder.UseSetting("Pacs:Sources:0:Name", ConfiguredName);
        builder.UseSetting("Pacs:Sources:0:Kind", "dicomweb");
        builder.UseSetting("Pacs:Sources:0:Url", orthanc.DicomWebRoot.ToString());
        builder.UseSetting("Pacs:Sources:0:TimeoutSeconds", 10.ToString(CultureInfo.InvariantCulture));
    }
}
