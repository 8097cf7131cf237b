using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Archive;

/// <summary>The app's core services (AddPacsViewerCore) with one DIMSE source, named as given, for the Orthanc of the fixture.</summary>
internal static class OrthancDimseProvider
{
    public static ServiceProvider Build(OrthancFixture orthanc, string sourceName, string callingAeTitle, string cachePath)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pacs:Sources:0:Name"] = sourceName,
            ["Pacs:Sources:0:Kind"] = "dimse",
            ["Pacs:Sources:0:AeTitle"] = orthanc.Server.AeTitle,
            ["Pacs:Sources:0:CallingAeTitle"] = callingAeTitle,
            ["Pacs:Sources:0:Host"] = "127.0.0.1",
            ["Pacs:Sources:0:Port"] = orthanc.Server.DicomPort.ToString(CultureInfo.InvariantCulture),
            ["Pacs:Sources:0:TimeoutSeconds"] = "30",
            ["Cache:Path"] = cachePath,
        };
        return new ServiceCollection()
            .AddPacsViewerCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
