using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Tests.Core.Archive.Local;

namespace PacsViewer.Tests.Web.Security;

/// <summary>
/// The app (TestServer) with two one-image studies in its archive, both on the worklist: <see cref="Reported"/>, whose
/// report is signed Final (clinicians see it), and <see cref="Unreported"/>, without a report (clinicians only by
/// break-glass). Each test signs in on its own client.
/// </summary>
public sealed class AccessControlFixture : IAsyncLifetime
{
    public PacsViewerWebApplicationFactory Factory { get; } = new();

    public StoredStudy Reported { get; private set; } = null!;

    public StoredStudy Unreported { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Reported = await StoreAsync("ACCESS^REPORTED", "ACC-R");
        Unreported = await StoreAsync("ACCESS^UNREPORTED", "ACC-U");
        var seeder = new ReportSeeder(Factory.Services);
        var key = await seeder.AddStudyAsync(Reported.Study, "ACCESS^REPORTED", "ACC-R");
        await seeder.FinalAsync(key, "Synthetic final findings.", "Synthetic impression.");
        await seeder.AddStudyAsync(Unreported.Study, "ACCESS^UNREPORTED", "ACC-U");
    }

    /// <summary>A client that does not follow redirects, signed in as <paramref name="user"/> unless null.</summary>
    public async Task<HttpClient> ClientAsync(string? user)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user is not null)
        {
            await AppSignIn.SignInAsync(client, user);
        }
        return client;
    }

    /// <summary>Stores a new one-image study (on no worklist yet): tests that count audit records use their own.</summary>
    public async Task<StoredStudy> StoreAsync(string patientName, string patientId)
    {
        var stored = new StoredStudy(ReportSeeder.NewUid(), ReportSeeder.NewUid(), ReportSeeder.NewUid(), patientName);
        var file = ArchiveTestObjects.Create(stored.Study, stored.Series, stored.Sop, patientName, patientId);
        var result = await Factory.Services.GetRequiredService<LocalArchive>().AddAsync(file);
        Assert.True(result.IsInArchive, result.ToString());
        return stored;
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }

    public sealed record StoredStudy(string Study, string Series, string Sop, string PatientName)
    {
        public string Api(string rest) => $"/api/sources/archive/studies/{Study}{rest}";

        public string Instance(string rest) => Api($"/series/{Series}/instances/{Sop}{rest}");

        public string Viewer => $"/viewer/archive/{Study}";
    }
}
