using PacsViewer.Core.Distribution.Upload;

namespace PacsViewer.Web.Extensions;

/// <summary>At start, after the database's migrations, deletes orphaned upload staging folders (<see cref="UploadService.SweepOrphansAsync"/>).</summary>
internal sealed partial class UploadStagingSweep(UploadService uploads, ILogger<UploadStagingSweep> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var deleted = await uploads.SweepOrphansAsync(cancellationToken).ConfigureAwait(false);
            if (deleted > 0)
            {
                LogSwept(deleted);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            LogFailed(e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} orphaned upload staging folder(s)")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The upload staging sweep failed")]
    private partial void LogFailed(Exception e);
}
