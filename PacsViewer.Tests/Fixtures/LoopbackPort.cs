using System.Net;
using System.Net.Sockets;

namespace PacsViewer.Tests.Fixtures;

/// <summary>Free TCP ports on 127.0.0.1 for the servers the tests and benchmarks start (Orthanc, PostgreSQL, dcmtk, ours).</summary>
public static class LoopbackPort
{
    /// <summary>A port free on loopback now, and different from <paramref name="other"/> (0: any).</summary>
    public static int Free(int other = 0)
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (port != other)
            {
                return port;
            }
        }
    }
}
