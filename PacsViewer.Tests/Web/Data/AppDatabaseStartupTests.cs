using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Archive.Local;

namespace PacsViewer.Tests.Web.Data;

/// <summary>The web app's start-up (Development): the app database migrated, demo users seeded, archive studies on the worklist.</summary>
public sealed class AppDatabaseStartupTests(PacsViewerWebApplicationFactory factory) : IClassFixture<PacsViewerWebApplicationFactory>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Start_Development_MigratesAndSeedsDemoUsersWithTheDefaultPassword()
    {
        using var client = factory.CreateClient();
        var services = factory.Services;

        await using var db = services.GetRequiredService<PacsViewerDatabase>().CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(["admin", "clinician", "radiologist", "radiologist2"], await db.Users.Select(u => u.UserName!).OrderBy(n => n).ToListAsync());
        var verifier = services.GetRequiredService<ISignatureVerifier>();
        Assert.True(await verifier.VerifyAsync("radiologist2", DemoUserOptions.DefaultPassword));
        Assert.False(await verifier.VerifyAsync("radiologist2", "not-the-password"));
    }

    [Fact]
    public async Task ArchiveStoresNewStudy_WorklistListsItAndPublishesArrival()
    {
        using var client = factory.CreateClient();
        var services = factory.Services;
        var arrived = new TaskCompletionSource<WorklistChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        services.GetRequiredService<IWorklistNotifier>().Changed += (_, c) =>
        {
            if (c is { Kind: WorklistChangeKind.StudyArrived, StudyInstanceUid: "1.2.826.0.9.1" })
            {
                arrived.TrySetResult(c);
            }
        };
        await services.GetRequiredService<WorklistSyncService>().InitialSync.WaitAsync(Bound);

        await services.GetRequiredService<LocalArchive>().AddAsync(
            ArchiveTestObjects.Create("1.2.826.0.9.1", "1.2.826.0.9.1.1", "1.2.826.0.9.1.1.1", "WORKLIST^NEW", "WL1", modality: "MR"));
        var change = await arrived.Task.WaitAsync(Bound);

        Assert.Equal("archive", change.SourceName);
        var page = await services.GetRequiredService<WorklistService>()
            .QueryAsync(new WorklistPageRequest { Filter = new WorklistFilter { PatientId = "WL1" } }, "radiologist");
        var item = Assert.Single(page.Items);
        Assert.Equal(("WORKLIST^NEW", "MR", ReadingStatus.Unread), (item.PatientName, item.Modalities, item.Status));
    }
}
