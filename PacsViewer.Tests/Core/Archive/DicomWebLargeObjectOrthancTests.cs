using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Tests.Fixtures;
using Xunit.Abstractions;

namespace PacsViewer.Tests.Core.Archive;

/// <summary>
/// A multi-frame object of more than 100 MB stored (STOW-RS) and retrieved (WADO-RS into the retrieval cache) through a
/// real Orthanc, the DICOMweb source wired as the app wires it: neither direction may hold the object in memory, so the
/// bytes the process allocates meanwhile must stay a small fraction of the object's size.
/// </summary>
[Collection(MemoryMeasuringCollection.Name)]
public sealed class DicomWebLargeObjectOrthancTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Frames = 220;
    private const int Side = 512;
    private const int FrameBytes = Side * Side * 2;

    private readonly TempDirectory _folder = new("pacsviewer-large-");
    private OrthancServer? _orthanc;
    private ServiceProvider? _provider;

    public async Task InitializeAsync()
    {
        _orthanc = await OrthancServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Pacs:Sources:0:Name"] = "orthanc",
            ["Pacs:Sources:0:Kind"] = "dicomweb",
            ["Pacs:Sources:0:Url"] = _orthanc.DicomWebRoot.ToString().TrimEnd('/'),
            ["Pacs:Sources:0:TimeoutSeconds"] = "300",
            ["Cache:Path"] = Path.Combine(_folder.Path, "cache"),
        };
        _provider = new ServiceCollection()
            .AddPacsViewerCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
        if (_orthanc is not null)
        {
            await _orthanc.DisposeAsync();
        }
        _folder.Dispose();
    }

    /// <summary>The expected byte at <paramref name="offset"/> of the pixel data (a pattern that differs per frame).</summary>
    private static byte PixelByte(long offset) => (byte)((offset * 31) + (offset / FrameBytes * 7));

    private static string NewUid() => "2.25." + new BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true).ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes a 16-bit multi-frame object of <see cref="Frames"/> 512x512 frames (about 115 MB) with our builder.</summary>
    private static (string Path, InstanceKey Key) WriteLargeObject(string folder)
    {
        var key = new InstanceKey(NewUid(), NewUid(), NewUid());
        var pixels = new byte[(long)FrameBytes * Frames];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = PixelByte(i);
        }
        var dataset = new DicomDatasetBuilder()
            .Set(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7.3") // Multi-frame Grayscale Word SC
            .Set(DicomTags.SOPInstanceUID, DicomVR.UI, key.SopInstanceUid)
            .Set(DicomTags.StudyInstanceUID, DicomVR.UI, key.StudyInstanceUid)
            .Set(DicomTags.SeriesInstanceUID, DicomVR.UI, key.SeriesInstanceUid)
            .Set(DicomTags.PatientName, DicomVR.PN, "LARGE^OBJECT")
            .Set(DicomTags.PatientID, DicomVR.LO, "LARGE-1")
            .Set(DicomTags.Modality, DicomVR.CS, "OT")
            .Set(DicomTags.NumberOfFrames, DicomVR.IS, Frames.ToString(CultureInfo.InvariantCulture))
            .SetUInt16(DicomTags.Rows, Side)
            .SetUInt16(DicomTags.Columns, Side)
            .SetUInt16(DicomTags.SamplesPerPixel, 1)
            .Set(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2")
            .SetUInt16(DicomTags.BitsAllocated, 16)
            .SetUInt16(DicomTags.BitsStored, 16)
            .SetUInt16(DicomTags.HighBit, 15)
            .SetUInt16(DicomTags.PixelRepresentation, 0)
            .SetBytes(DicomTags.PixelData, DicomVR.OW, pixels)
            .ToDataset();
        var syntax = DicomTransferSyntax.ExplicitVRLittleEndian;
        var path = Path.Combine(folder, "large.dcm");
        DicomFileWriter.Write(path, new DicomFile(DicomFileWriter.CreateFileMeta(dataset, syntax), dataset, syntax));
        return (path, key);
    }

    private static long AllocatedSoFar()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalAllocatedBytes(precise: true);
    }

    [Fact]
    public async Task StoreAsyncThenOpenInstanceAsync_115MbMultiFrame_EachAllocatesUnderASixteenthOfTheObject()
    {
        var (path, key) = WriteLargeObject(_folder.Path);
        var size = new FileInfo(path).Length;
        Assert.True(size > 100_000_000, $"the object is {size} bytes");
        var source = Assert.IsType<CachingStudySource>(_provider!.GetRequiredKeyedService<IStudySource>("orthanc"));
        var file = DicomFile.Open(path, new DicomReaderOptions { DeferValuesLargerThan = 64 * 1024 }); // pixel data stays in the file

        var before = AllocatedSoFar();
        await source.StoreAsync(file);
        var storing = AllocatedSoFar() - before;

        before = AllocatedSoFar();
        using (var lease = await source.OpenInstanceAsync(key))
        {
            var retrieving = AllocatedSoFar() - before;
            output.WriteLine($"object {size} bytes; allocated while storing {storing}, while retrieving {retrieving}");

            Assert.True(storing < size / 16, $"STOW-RS of a {size}-byte object allocated {storing} bytes");
            Assert.True(retrieving < size / 16, $"WADO-RS of a {size}-byte object into the cache allocated {retrieving} bytes");
            Assert.Equal(key.SopInstanceUid, lease.File.SopInstanceUid);
            var pixelData = Assert.IsAssignableFrom<DicomValueElement>(lease.File.Dataset[DicomTags.PixelData]).Value;
            Assert.True(pixelData.IsDeferred);
            Assert.Equal((long)FrameBytes * Frames, pixelData.Length);
            foreach (var offset in new long[] { 0, FrameBytes * 100L + 12345, pixelData.Length - 64 })
            {
                var actual = new byte[64];
                pixelData.CopyTo(offset, actual);
                Assert.Equal(Enumerable.Range(0, 64).Select(i => PixelByte(offset + i)), actual);
            }
        }
        Assert.Equal(Frames, (await source.GetSeriesMetadataAsync(key.StudyInstanceUid, key.SeriesInstanceUid).SingleAsync())
            .GetInt32(DicomTags.NumberOfFrames, -1));
    }
}
