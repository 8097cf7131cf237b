using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Tests.Core.Dicom;

public sealed class DicomTransferSyntaxTests
{
    [Fact]
    public void All_KnownSyntaxes_AreRegisteredTransferSyntaxUids()
    {
        Assert.All(DicomTransferSyntax.All, ts =>
        {
            Assert.True(DicomUidRegistry.TryGet(ts.Uid, out var uid), ts.Uid);
            Assert.Equal(DicomUidType.TransferSyntax, uid.Type);
        });
    }

    [Fact]
    public void FromUid_Padded_FindsTheSyntaxWithItsRegisteredName()
    {
        var ts = DicomTransferSyntax.FromUid("1.2.840.10008.1.2.4.50\0");
        Assert.Same(DicomTransferSyntax.JpegBaseline8Bit, ts);
        Assert.StartsWith("JPEG Baseline", ts.Name, StringComparison.Ordinal);
        Assert.True(ts.IsEncapsulated && ts.IsExplicitVR && ts.IsLossy);
    }

    [Fact]
    public void FromUid_Unknown_IsTakenAsEncapsulatedExplicitLittleEndian()
    {
        var ts = DicomTransferSyntax.FromUid("1.2.3.999");
        Assert.False(ts.IsKnown);
        Assert.True(ts.IsEncapsulated && ts.IsExplicitVR && !ts.IsBigEndian);
    }
}
