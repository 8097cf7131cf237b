namespace PacsViewer.Web.Scaling;

/// <summary>
/// <c>Redis:*</c>: several app servers behind one load balancer share a Redis server. Unset (the default) the app
/// runs as a single instance with its in-memory caches and notifications and nothing below applies.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> or <c>redis.example:6380,ssl=true,password=...</c>.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel, so that several deployments can share one Redis server.</summary>
    public string InstanceName { get; set; } = "PacsViewer:";

    /// <summary>How long a rendered frame stays in the shared cache after it was last read.</summary>
    public TimeSpan FrameLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A rendered frame larger than this is not shared (the browser still caches it); bounds Redis memory per entry.</summary>
    public int MaxFrameBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>How long a study's metadata stays in the shared cache (the viewer's study model; short: new instances may still arrive).</summary>
    public TimeSpan MetadataLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Study metadata larger than this (serialized) is not shared.</summary>
    public int MaxMetadataBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>True when Redis is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
