using System.Diagnostics;

namespace PacsViewer.Benchmarks;

/// <summary>
/// Time to the first complete file in a directory another process (or our C-GET) writes into, measured from outside
/// by polling every millisecond on a dedicated thread: the first visible file (names starting with '.' are ignored,
/// our temporary parts) is stat'ed at each tick until a second file appears or the watch stops. The first file is
/// complete at the first tick whose size equals its final size, so the figure is late by at most one tick plus the
/// poll's own latency. Used the same way for dcmtk's getscu/movescu and for our C-GET, so both sides pay the same.
/// </summary>
internal sealed class FirstFileWatch : IDisposable
{
    private readonly string _directory;
    private readonly Stopwatch _clock;
    private readonly Thread _thread;
    private readonly List<(double Seconds, long Size)> _samples = [];
    private volatile bool _stop;
    private string? _first;

    /// <summary>Starts watching <paramref name="directory"/>; times are seconds on <paramref name="clock"/>.</summary>
    public FirstFileWatch(string directory, Stopwatch clock)
    {
        _directory = directory;
        _clock = clock;
        _thread = new Thread(Poll) { IsBackground = true, Name = "first-file-watch" };
        _thread.Start();
    }

    /// <summary>Stops watching and returns the time the first file reached its final size, or null if none appeared.</summary>
    public double? Stop()
    {
        _stop = true;
        _thread.Join();
        if (_first is null)
        {
            return null;
        }
        var final = new FileInfo(_first).Length;
        foreach (var (seconds, size) in _samples)
        {
            if (size == final)
            {
                return seconds;
            }
        }
        return _clock.Elapsed.TotalSeconds; // completed after the last tick we saw
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Poll()
    {
        while (!_stop)
        {
            try
            {
                if (_first is null)
                {
                    foreach (var path in Directory.EnumerateFiles(_directory))
                    {
                        if (!Path.GetFileName(path).StartsWith('.'))
                        {
                            _first = path;
                            break;
                        }
                    }
                }
                if (_first is not null)
                {
                    // Count first, then stat: once a second file exists, the size read after it is the final one.
                    var now = _clock.Elapsed.TotalSeconds;
                    var more = Directory.EnumerateFiles(_directory).Count(p => !Path.GetFileName(p).StartsWith('.')) > 1;
                    _samples.Add((now, new FileInfo(_first).Length));
                    if (more)
                    {
                        return; // the writer moved on to the next file: the first one is done
                    }
                }
            }
            catch (IOException)
            {
                // a file renamed under us; look again at the next tick
            }
            Thread.Sleep(1);
        }
    }
}
