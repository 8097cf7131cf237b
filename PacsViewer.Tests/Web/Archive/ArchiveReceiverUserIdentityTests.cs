using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.UpperLayer;
using PacsViewer.Tests.Core.Network;
using PacsViewer.Web.Archive;

namespace PacsViewer.Tests.Web.Archive;

/// <summary>The web app's DICOM receiver with <c>Archive:ReceiverUsers</c> (a hashed account): dcmtk's storescu with and without the password.</summary>
public sealed class ArchiveReceiverUserIdentityTests : IDisposable
{
    private const string AeTitle = "PVARCHIVE";

    private readonly ReceiverFactory _factory = new(PasswordHash.Create("modality-pw", iterations: 1000));

    public void Dispose() => _factory.Dispose();

    private int Port => _factory.Services.GetRequiredService<ArchiveReceiver>().Port ?? throw new InvalidOperationException("the receiver is not running");

    private async Task<int> ArchivedCountAsync(string file)
    {
        var dataset = DicomFile.Open(file).Dataset;
        var count = 0;
        await foreach (var _ in _factory.Services.GetRequiredService<LocalArchive>().SearchInstancesAsync(
            dataset.GetString(DicomTags.StudyInstanceUID)!, dataset.GetString(DicomTags.SeriesInstanceUID)!))
        {
            count++;
        }
        return count;
    }

    [Fact]
    public async Task StoreScu_ConfiguredUserAndPassword_Stored()
    {
        var file = TestFiles.Sample("series/mr_brain_ge_axial_pd/brain_010.dcm");

        var (exitCode, output) = await DcmtkProcess.RunAsync("storescu", "-aec", AeTitle, "--user", "modality", "--password", "modality-pw",
            "127.0.0.1", Port.ToString(CultureInfo.InvariantCulture), file);

        Assert.True(exitCode == 0, output);
        Assert.Equal(1, await ArchivedCountAsync(file));
    }

    [Theory]
    [InlineData("modality", "wrong-pw")]
    [InlineData("someone", "modality-pw")]
    [InlineData(null, null)]
    public async Task StoreScu_WrongPasswordUnknownUserOrNoIdentity_RejectedAndNothingStored(string? user, string? password)
    {
        var file = TestFiles.Sample("series/mr_brain_ge_axial_pd/brain_012.dcm");
        string[] identity = user is null ? [] : ["--user", user, "--password", password!];

        var (exitCode, output) = await DcmtkProcess.RunAsync("storescu", ["-aec", AeTitle, .. identity, "127.0.0.1", Port.ToString(CultureInfo.InvariantCulture), file]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Association Rejected", output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await ArchivedCountAsync(file));
    }

    private sealed class ReceiverFactory(string passwordHash) : PacsViewerWebApplicationFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Archive:ReceiverPort"] = "0",
                ["Archive:ReceiverAeTitle"] = AeTitle,
                ["Archive:ReceiverUsers:0:Username"] = "modality",
                ["Archive:ReceiverUsers:0:PasswordHash"] = passwordHash,
                ["Cache:Path"] = Path.Combine(DataFolder, "cache"),
            }));
        }
    }
}
