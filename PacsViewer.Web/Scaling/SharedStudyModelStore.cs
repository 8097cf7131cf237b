using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Telemetry;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Web.Scaling;

/// <summary>
/// The viewer's study models shared by several app servers through <see cref="IDistributedCache"/> (Redis), as JSON
/// under a hash of the source and Study Instance UID, for <see cref="RedisOptions.MetadataLifetime"/> and at most
/// <see cref="RedisOptions.MaxMetadataBytes"/> each; so opening a study another server has just opened does not query
/// the PACS again. The model holds patient demographics: Redis must be private to the app servers (see README). When
/// Redis cannot be reached a lookup is a miss and a write is dropped (logged). Lookups are counted as
/// <see cref="CacheNames.SharedMetadata"/>.
/// </summary>
public sealed partial class SharedStudyModelStore(IDistributedCache cache, IOptions<RedisOptions> options, PacsViewerTelemetry telemetry,
    ILogger<SharedStudyModelStore> logger)
{
    public async Task<StudyModel?> TryGetAsync(string sourceId, string studyInstanceUid, CancellationToken cancellationToken = default)
    {
        StudyModel? model = null;
        try
        {
            if (await cache.GetAsync(Key(sourceId, studyInstanceUid), cancellationToken) is { } json)
            {
                model = JsonSerializer.Deserialize<StudyModel>(json);
            }
        }
        catch (JsonException e)
        {
            LogUnreadable(logger, e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnavailable(logger, e);
        }
        // A model for another study under the same key is impossible but cheap to rule out.
        if (model is not null && !string.Equals(model.StudyInstanceUid, studyInstanceUid, StringComparison.Ordinal))
        {
            model = null;
        }
        telemetry.RecordCacheLookup(CacheNames.SharedMetadata, hit: model is not null);
        return model;
    }

    public async Task SetAsync(string sourceId, StudyModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var limits = options.Value;
        var json = JsonSerializer.SerializeToUtf8Bytes(model);
        if (json.Length > limits.MaxMetadataBytes)
        {
            return;
        }
        try
        {
            await cache.SetAsync(Key(sourceId, model.StudyInstanceUid), json,
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = limits.MetadataLifetime }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnavailable(logger, e);
        }
    }

    private static string Key(string sourceId, string studyInstanceUid) =>
        "study:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceId + "\n" + studyInstanceUid)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared metadata cache (Redis) is unavailable; loading from the source")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A study model in the shared metadata cache could not be read; loading from the source")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);
}
