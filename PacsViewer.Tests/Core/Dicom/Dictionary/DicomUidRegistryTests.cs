using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Tests.Core.Dicom.Dictionary;

public class DicomUidRegistryTests
{
    [Fact]
    public void TryGet_JpegBaseline_IsTransferSyntaxNamedProcess1()
    {
        Assert.True(DicomUidRegistry.TryGet("1.2.840.10008.1.2.4.50", out var uid));
        Assert.Equal(DicomUidType.TransferSyntax, uid.Type);
        Assert.Equal("JPEG Baseline (Process 1)", uid.Name);
        Assert.Equal("JPEGBaseline8Bit", uid.Keyword);
        Assert.False(uid.Retired);
        Assert.True(uid.IsTransferSyntax);
    }

    [Fact]
    public void TryGet_CTImageStorage_IsSopClass()
    {
        Assert.True(DicomUidRegistry.TryGet("1.2.840.10008.5.1.4.1.1.2", out var uid));
        Assert.Equal(DicomUidType.SopClass, uid.Type);
        Assert.Equal("CT Image Storage", uid.Name);
        Assert.Equal("CTImageStorage", uid.Keyword);
    }

    [Fact]
    public void TryGet_NulPaddedUid_IgnoresPadding()
    {
        Assert.True(DicomUidRegistry.TryGet("1.2.840.10008.1.2\0", out var uid));
        Assert.Equal("ImplicitVRLittleEndian", uid.Keyword);
    }

    [Fact]
    public void TryGet_ExplicitVRBigEndian_IsRetired()
    {
        Assert.True(DicomUidRegistry.TryGet(DicomUids.ExplicitVRBigEndian, out var uid));
        Assert.True(uid.Retired);
    }

    [Fact]
    public void TryGet_UnregisteredUid_ReturnsFalse()
    {
        Assert.False(DicomUidRegistry.TryGet("1.2.3.4.5", out _));
        Assert.Equal("1.2.3.4.5", DicomUidRegistry.GetName("1.2.3.4.5"));
    }

    [Fact]
    public void TryGetByKeyword_VerificationSopClass_ReturnsVerification()
    {
        Assert.True(DicomUidRegistry.TryGetByKeyword("Verification", out var uid));
        Assert.Equal("1.2.840.10008.1.1", uid.Value);
    }

    [Fact]
    public void TryGetByKeyword_EveryKeywordedUid_RoundTrips()
    {
        foreach (var uid in DicomUidRegistry.All.Where(u => u.Keyword.Length > 0))
        {
            Assert.True(DicomUidRegistry.TryGetByKeyword(uid.Keyword, out var found), uid.Keyword);
            Assert.Same(uid, found);
        }
    }

    [Fact]
    public void All_RegistryTypes_IncludeEveryMainKind()
    {
        var all = DicomUidRegistry.All.ToList();
        Assert.True(all.Count >= 400, $"only {all.Count} UIDs");
        Assert.True(all.Count(u => u.Type == DicomUidType.TransferSyntax) >= 30);
        Assert.Contains(all, u => u.Type == DicomUidType.MetaSopClass);
        Assert.Contains(all, u => u.Type == DicomUidType.WellKnownFrameOfReference);
        Assert.Contains(all, u => u.Type == DicomUidType.LdapOid);
        Assert.Contains(all, u => u.Type == DicomUidType.ApplicationContextName);
    }

    [Theory]
    [InlineData(DicomUids.ImplicitVRLittleEndian, "1.2.840.10008.1.2")]
    [InlineData(DicomUids.ExplicitVRLittleEndian, "1.2.840.10008.1.2.1")]
    [InlineData(DicomUids.CTImageStorage, "1.2.840.10008.5.1.4.1.1.2")]
    [InlineData(DicomUids.Verification, "1.2.840.10008.1.1")]
    [InlineData(DicomUids.RLELossless, "1.2.840.10008.1.2.5")]
    public void Constant_Keyword_HasPs36Value(string constant, string expected)
    {
        Assert.Equal(expected, constant);
    }
}
