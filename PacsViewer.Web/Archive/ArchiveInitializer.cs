using PacsViewer.Core.Archive.Local;

namespace PacsViewer.Web.Archive;

/// <summary>
/// Creates the archive's folders and applies the index migrations before the app serves requests; a database
/// that cannot be reached or migrated stops start-up with that error.
/// </summary>
public sealed class ArchiveInitializer(LocalArchive archive, ILogger<ArchiveInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await archive.InitializeAsync(cancellationToken);
        logger.LogInformation("Built-in archive ready at {Path}", archive.RootPath);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
