using System.Globalization;

using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Network;

/// <summary>
/// dcmtk's dcmqrscp as a query/retrieve peer (forking per connection; its -s mode is not used), serving copies of
/// a few sample files indexed with dcmqridx. Move destinations are listed in its host table.
/// </summary>
internal sealed class DcmqrscpPeer : IAsyncDisposable
{
    public const string AeTitle = "QRSCP";

    /// <summary>Two patients: one MR study of three images (123565), one MR image (021234567).</summary>
    public static readonly string[] Samples =
    [
        "series/mr_brain_ge_axial_pd/brain_002.dcm",
        "series/mr_brain_ge_axial_pd/brain_003.dcm",
        "series/mr_brain_ge_axial_pd/brain_004.dcm",
        "mr/MR-SIEMENS-DICOM-WithOverlays.dcm",
    ];

    public const string BrainStudy = "0.0.0.0.2.8811.20010413115754.12432";
    public const string SiemensStudy = "1.2.124.113532.10.122.1.203.20051130.122937.2950157";

    private readonly DcmtkProcess _process;
    private readonly string _directory;

    private DcmqrscpPeer(DcmtkProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public PacsViewer.Core.Network.Dimse.DicomPeer Peer => new("127.0.0.1", Port, AeTitle);

    public string Output => _process.Output;

    /// <param name="moveDestinations">AE title and port of each C-MOVE destination on 127.0.0.1.</param>
    public static async Task<DcmqrscpPeer> StartAsync(params (string AeTitle, int Port)[] moveDestinations)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"pv-dcmqrscp-{Guid.NewGuid():N}");
        var database = Path.Combine(directory, "db");
        Directory.CreateDirectory(database);
        var files = new List<string>();
        foreach (var sample in Samples)
        {
            var copy = Path.Combine(database, Path.GetFileName(sample));
            File.Copy(TestFiles.Sample(sample), copy);
            files.Add(copy);
        }
        var index = await DcmtkProcess.RunAsync("dcmqridx", [database, .. files]);
        Assert.True(index.ExitCode == 0, index.Output);
        var port = LoopbackPort.Free();
        var hosts = string.Join("\n", moveDestinations.Select((d, i) =>
            string.Create(CultureInfo.InvariantCulture, $"dest{i} = ({d.AeTitle}, 127.0.0.1, {d.Port})")));
        var config = Path.Combine(directory, "dcmqrscp.cfg");
        await File.WriteAllTextAsync(config, $"""
            NetworkTCPPort  = {port}
            MaxPDUSize      = 16384
            MaxAssociations = 16
            HostTable BEGIN
            {hosts}
            HostTable END
            VendorTable BEGIN
            VendorTable END
            AETable BEGIN
            {AeTitle} {database} RW (200, 1024mb) ANY
            AETable END
            """);
        var process = DcmtkProcess.Start("dcmqrscp", "-c", config, "--allow-shutdown");
        var peer = new DcmqrscpPeer(process, directory, port);
        await process.WaitForPortAsync(port);
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
