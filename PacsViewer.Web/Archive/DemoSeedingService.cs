using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Archive.Local;

namespace PacsViewer.Web.Archive;

/// <summary>
/// In Development, fills an empty built-in archive with generated demo studies, in the background after start
/// (the app answers meanwhile; the studies appear as they are stored). Not re-seeded when any study exists.
/// </summary>
public sealed class DemoSeedingService(LocalArchive archive, IHostEnvironment environment, IOptions<DemoOptions> options,
    ILogger<DemoSeedingService> logger) : BackgroundService
{
    private readonly TaskCompletionSource<int> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the number of objects stored (0 when not seeded), or with the failure.</summary>
    public Task<int> Completion => _completion.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!environment.IsDevelopment() || !options.Value.SeedArchive)
        {
            _completion.TrySetResult(0);
            return;
        }
        try
        {
            // Generating the phantom is CPU work: keep it off the start-up path.
            var stored = await Task.Run(() => DemoSeeder.SeedIfEmptyAsync(archive, DemoStudyGenerator.CreateRandom(), stoppingToken), stoppingToken);
            if (stored > 0)
            {
                logger.LogInformation("Seeded the built-in archive with {Count} generated demo objects", stored);
            }
            _completion.TrySetResult(stored);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _completion.TrySetCanceled(stoppingToken);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Seeding the built-in archive with demo studies failed");
            _completion.TrySetException(e);
        }
    }
}
