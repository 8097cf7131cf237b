using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace PacsViewer.Tests.Web.Telemetry;

/// <summary>
/// Keeps every log entry written through it: the formatted message, each structured value and the exception (with
/// its inner exceptions), as one string per entry, so a test can search everything a log sink would receive.
/// </summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyList<string> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    entry.Append(" | ").Append(key).Append('=').Append(value);
                }
            }
            if (exception is not null)
            {
                entry.Append(" | ").Append(exception);
            }
            entries.Enqueue(entry.ToString());
        }
    }
}
