using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Web.Scaling;

/// <summary>
/// Rendered frames shared by several app servers through <see cref="IDistributedCache"/> (Redis): the bytes the frame
/// endpoint returns, under <see cref="ViewerFrameService.SharedKey"/>, with a sliding <see cref="RedisOptions.FrameLifetime"/>
/// and at most <see cref="RedisOptions.MaxFrameBytes"/> each. Stored as one byte of media type length, the media type
/// (ASCII), then the image. When Redis cannot be reached a lookup is a miss and a write is dropped (logged).
/// </summary>
internal sealed partial class DistributedRenderedFrameStore(IDistributedCache cache, IOptions<RedisOptions> options,
    ILogger<DistributedRenderedFrameStore> logger) : IRenderedFrameStore
{
    public async ValueTask<EncodedFrame?> TryGetAsync(string key, CancellationToken cancellationToken = default)
    {
        byte[]? value;
        try
        {
            value = await cache.GetAsync(key, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnavailable(logger, e);
            return null;
        }
        if (value is not { Length: > 1 } || value[0] == 0 || value.Length < 1 + value[0])
        {
            return null;
        }
        var mediaType = Encoding.ASCII.GetString(value, 1, value[0]);
        return new EncodedFrame(value.AsMemory(1 + value[0]), mediaType);
    }

    public async ValueTask SetAsync(string key, EncodedFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var limits = options.Value;
        var mediaType = Encoding.ASCII.GetBytes(frame.MediaType);
        if (frame.Bytes.Length > limits.MaxFrameBytes || mediaType.Length is 0 or > byte.MaxValue)
        {
            return;
        }
        var value = new byte[1 + mediaType.Length + frame.Bytes.Length];
        value[0] = (byte)mediaType.Length;
        mediaType.CopyTo(value, 1);
        frame.Bytes.Span.CopyTo(value.AsSpan(1 + mediaType.Length));
        try
        {
            await cache.SetAsync(key, value, new DistributedCacheEntryOptions { SlidingExpiration = limits.FrameLifetime }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnavailable(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared frame cache (Redis) is unavailable; rendering without it")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
