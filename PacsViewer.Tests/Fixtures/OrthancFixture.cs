namespace PacsViewer.Tests.Fixtures;

/// <summary>
/// One Orthanc shared by the tests of the <see cref="OrthancCollection"/>, loaded with sample files: a 20-slice MR
/// series, a multi-frame JPEG-LS MR, an RLE CT, a multi-frame NM and a few others (see <see cref="SampleFiles"/>).
/// Tests that store objects must use new UIDs or accept what is already there (Orthanc keeps the first file of a
/// SOP Instance UID).
/// </summary>
public sealed class OrthancFixture : IAsyncLifetime
{
    /// <summary>Corpus files loaded at start (relative to the samples directory).</summary>
    public static readonly IReadOnlyList<string> SampleFiles =
    [
        .. Enumerable.Range(1, 20).Select(i => $"series/mr_brain_ge_axial_pd/brain_{i:000}.dcm"),
        "mr/emri_small_jpeg_ls_lossless.dcm",
        "ct/CT2_RLE.dcm",
        "nm_pt/NM-MONO2-16-13x-heart.dcm",
        "us/US-PAL-8-10x-echo.dcm",
        "charset/chrRuss.dcm",
    ];

    private OrthancServer? _server;

    public OrthancServer Server => _server ?? throw new InvalidOperationException("the Orthanc fixture has not started");

    public async Task InitializeAsync()
    {
        _server = await OrthancServer.StartAsync();
        foreach (var file in SampleFiles)
        {
            if (await _server.UploadAsync(TestFiles.Sample(file)) is null)
            {
                throw new InvalidOperationException($"Orthanc refused sample {file}:\n{_server.LogTail}");
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
