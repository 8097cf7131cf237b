using Microsoft.Extensions.Logging;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Web.Reporting;

/// <summary>
/// A viewer's hold on a study's reading lock: claimed when a radiologist opens the study, renewed every
/// <see cref="ReportEditorOptions.LockRenewInterval"/> while the circuit is connected (saves renew it too, as
/// <see cref="Core.Reporting.ReportService"/> claims on each save), released when the viewer goes away, unless another
/// viewer of the same user on this server still holds it (<see cref="ReadingLockRegistry"/>).
/// </summary>
public sealed class ReadingLock(StudyLockService locks, ReadingLockRegistry registry, StudyKey study, string userName, TimeProvider time,
    TimeSpan renewInterval, Func<bool> isActive, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _renewing;
    private bool _entered;
    private int _disposed;

    public StudyKey Study { get; } = study;

    /// <summary>The last claim's answer; null before <see cref="ClaimAsync"/>.</summary>
    public StudyLockResult? Result { get; private set; }

    public bool Held => Result?.Acquired == true && !_stop.IsCancellationRequested;

    /// <summary>Raised (on a timer thread) after each renewal that kept the lock.</summary>
    public event Action<StudyLockResult>? Renewed;

    /// <summary>Raised (on a timer thread) when a renewal found the lock taken by someone else.</summary>
    public event Action<StudyLockResult>? Lost;

    public async Task<StudyLockResult> ClaimAsync(CancellationToken cancellationToken)
    {
        Result = await locks.ClaimAsync(Study, userName, cancellationToken);
        if (Result.Acquired && !_entered)
        {
            _entered = true;
            registry.Enter(Study, userName);
            _renewing = RenewAsync(_stop.Token);
        }
        return Result;
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(renewInterval, time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (!isActive())
                {
                    continue; // no browser connected: let the lock lapse unless the user comes back
                }
                var result = await locks.ClaimAsync(Study, userName, cancellationToken);
                Result = result;
                if (!result.Acquired)
                {
                    Lost?.Invoke(result);
                    return;
                }
                Renewed?.Invoke(result);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Renewing the reading lock of study {StudyInstanceUid} failed", Study.StudyInstanceUid);
        }
    }

    /// <summary>Stops renewing without releasing (the report was signed Final: the service released the lock).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_renewing is { } renewing)
        {
            await renewing;
        }
    }

    /// <summary>Stops renewing and releases the lock unless another viewer of this user still holds it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await StopAsync();
        _stop.Dispose();
        if (_entered && registry.Exit(Study, userName))
        {
            try
            {
                await locks.ReleaseAsync(Study, userName, CancellationToken.None);
            }
            catch (Exception e)
            {
                // The lock lapses by itself after the idle time.
                logger.LogWarning(e, "Releasing the reading lock of study {StudyInstanceUid} failed", Study.StudyInstanceUid);
            }
        }
    }

    /// <summary>For a synchronous Dispose: releases in the background; failures are logged, the lock lapses anyway.</summary>
    public void ReleaseInBackground() => _ = DisposeAsync().AsTask();
}
