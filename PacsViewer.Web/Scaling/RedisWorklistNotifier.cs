using System.Text.Json;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Worklist;
using StackExchange.Redis;

namespace PacsViewer.Web.Scaling;

/// <summary>
/// The worklist's change notifications across app servers: a change published here is raised on this server at once
/// (as <see cref="WorklistNotifier"/> does) and sent on a Redis pub/sub channel; a change another server sent is raised
/// here, so every server's live worklist and lock columns refresh. Messages carry the change (kind, source name, Study
/// Instance UID) and the sender's id, no patient data. Pub/sub is at most once: a server that was disconnected misses
/// changes until the next one (pages also refresh on their own actions).
/// </summary>
internal sealed partial class RedisWorklistNotifier : IWorklistNotifier, IDisposable
{
    private readonly WorklistNotifier _local;
    private readonly ISubscriber _subscriber;
    private readonly RedisChannel _channel;
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly ILogger<RedisWorklistNotifier> _logger;

    public RedisWorklistNotifier(IConnectionMultiplexer redis, IOptions<RedisOptions> options, ILogger<RedisWorklistNotifier> logger,
        ILogger<WorklistNotifier> localLogger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _local = new WorklistNotifier(localLogger);
        _subscriber = redis.GetSubscriber();
        _channel = RedisChannel.Literal(options.Value.InstanceName + "worklist");
        try
        {
            _subscriber.Subscribe(_channel, (_, message) => Receive(message));
        }
        catch (RedisException e)
        {
            // Redis is away at start-up: the subscription is kept by the client and made when it connects.
            LogSubscribeDeferred(_logger, e);
            _subscriber.Subscribe(_channel, (_, message) => Receive(message), CommandFlags.FireAndForget);
        }
    }

    public event EventHandler<WorklistChange>? Changed
    {
        add => _local.Changed += value;
        remove => _local.Changed -= value;
    }

    public void Publish(WorklistChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _local.Publish(change);
        var message = JsonSerializer.Serialize(new Message(_origin, change.Kind, change.SourceName, change.StudyInstanceUid));
        try
        {
            _subscriber.Publish(_channel, message, CommandFlags.FireAndForget);
        }
        catch (RedisException e)
        {
            LogPublishFailed(_logger, e);
        }
    }

    /// <summary>Ends the subscription; a connection already closed or lost has none left to end.</summary>
    public void Dispose()
    {
        try
        {
            _subscriber.Unsubscribe(_channel);
        }
        catch (Exception e) when (e is ObjectDisposedException or RedisException)
        {
            LogUnsubscribeFailed(_logger, e);
        }
    }

    private void Receive(RedisValue value)
    {
        Message? message;
        try
        {
            message = JsonSerializer.Deserialize<Message>(value.ToString());
        }
        catch (JsonException e)
        {
            LogBadMessage(_logger, e);
            return;
        }
        if (message is null || message.Origin == _origin || !Enum.IsDefined(message.Kind)
            || string.IsNullOrEmpty(message.Source) || string.IsNullOrEmpty(message.Study))
        {
            return;
        }
        _local.Publish(new WorklistChange(message.Kind, message.Source, message.Study));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A worklist change could not be sent to the other app servers (Redis)")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable: worklist changes from other app servers arrive once it connects")]
    private static partial void LogSubscribeDeferred(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The worklist subscription could not be ended at shutdown (the Redis connection is closed)")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A worklist change message from Redis could not be read")]
    private static partial void LogBadMessage(ILogger logger, Exception exception);

    private sealed record Message(string Origin, WorklistChangeKind Kind, string Source, string Study);
}
