using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Tests.Core.Dicom.Dictionary;

public class DicomDictionaryTests
{
    [Fact]
    public void TryGet_PatientName_IsPNWithVM1()
    {
        Assert.True(DicomDictionary.TryGet(new DicomTag(0x0010, 0x0010), out var entry));
        Assert.Equal("PatientName", entry.Keyword);
        Assert.Equal("Patient's Name", entry.Name);
        Assert.Equal(DicomVR.PN, entry.VR);
        Assert.Equal(DicomVR.None, entry.AlternateVR);
        Assert.Equal("1", entry.VM);
        Assert.False(entry.Retired);
        Assert.Null(entry.PrivateCreator);
    }

    [Fact]
    public void TryGet_PixelData_IsOBWithAlternateOW()
    {
        Assert.True(DicomDictionary.TryGet(new DicomTag(0x7FE0, 0x0010), out var entry));
        Assert.Equal("PixelData", entry.Keyword);
        Assert.Equal(DicomVR.OB, entry.VR);
        Assert.Equal(DicomVR.OW, entry.AlternateVR);
    }

    [Fact]
    public void TryGet_SmallestImagePixelValue_IsUSWithAlternateSS()
    {
        Assert.True(DicomDictionary.TryGet(new DicomTag(0x0028, 0x0106), out var entry));
        Assert.Equal(DicomVR.US, entry.VR);
        Assert.Equal(DicomVR.SS, entry.AlternateVR);
    }

    [Theory]
    [InlineData(0x6000)]
    [InlineData(0x6002)]
    [InlineData(0x601E)]
    public void TryGet_OverlayGroup_ResolvesThrough60xxMask(int group)
    {
        Assert.True(DicomDictionary.TryGet(new DicomTag((ushort)group, 0x3000), out var entry));
        Assert.Equal("OverlayData", entry.Keyword);
        Assert.True(entry.IsRepeating);
        Assert.Equal(new DicomTag(0x6000, 0x3000), entry.Tag);
        Assert.Equal(DicomVR.OB, entry.VR);
        Assert.Equal(DicomVR.OW, entry.AlternateVR);
    }

    [Fact]
    public void TryGet_OddOverlayGroup_DoesNotMatchPublicRepeatingEntry()
    {
        Assert.False(DicomDictionary.TryGet(new DicomTag(0x6001, 0x3000), out _));
    }

    [Fact]
    public void TryGet_SourceImageIDsElementRange_ResolvesThroughMask()
    {
        Assert.True(DicomDictionary.TryGet(new DicomTag(0x0020, 0x31A5), out var entry));
        Assert.Equal("SourceImageIDs", entry.Keyword);
        Assert.True(entry.Retired);
    }

    [Fact]
    public void TryGet_GrayLookupTableData_IsRetired()
    {
        Assert.True(DicomDictionary.TryGet(new DicomTag(0x0028, 0x1200), out var entry));
        Assert.Equal("GrayLookupTableData", entry.Keyword);
        Assert.True(entry.Retired);
    }

    [Fact]
    public void TryGet_UnknownPublicTag_ReturnsFalse()
    {
        Assert.False(DicomDictionary.TryGet(new DicomTag(0x0010, 0x0003), out _));
    }

    [Theory]
    [InlineData(0x0008, 0x0000)]
    [InlineData(0x0010, 0x0000)]
    [InlineData(0x0009, 0x0000)]
    public void GetDefaultVR_GroupLength_IsUL(int group, int element)
    {
        Assert.Equal(DicomVR.UL, DicomDictionary.GetDefaultVR(new DicomTag((ushort)group, (ushort)element)));
    }

    [Theory]
    [InlineData(0x0009, 0x0010)]
    [InlineData(0x0029, 0x00FF)]
    public void GetDefaultVR_PrivateCreator_IsLO(int group, int element)
    {
        Assert.Equal(DicomVR.LO, DicomDictionary.GetDefaultVR(new DicomTag((ushort)group, (ushort)element)));
    }

    [Fact]
    public void GetDefaultVR_UnknownPublicTag_IsUN()
    {
        Assert.Equal(DicomVR.UN, DicomDictionary.GetDefaultVR(new DicomTag(0x0010, 0x0003)));
    }

    [Fact]
    public void GetDefaultVR_PrivateTagWithoutCreator_IsUN()
    {
        Assert.Equal(DicomVR.UN, DicomDictionary.GetDefaultVR(new DicomTag(0x0009, 0x1001)));
    }

    [Fact]
    public void GetDefaultVR_TagWithAlternateVR_IsPrimaryVR()
    {
        Assert.Equal(DicomVR.OB, DicomDictionary.GetDefaultVR(new DicomTag(0x7FE0, 0x0010)));
        Assert.Equal(DicomVR.US, DicomDictionary.GetDefaultVR(new DicomTag(0x0028, 0x0120)));
        Assert.Equal(DicomVR.OB, DicomDictionary.GetDefaultVR(new DicomTag(0x6004, 0x3000)));
    }

    [Fact]
    public void GetDefaultVR_KnownTag_IsDictionaryVR()
    {
        Assert.Equal(DicomVR.DS, DicomDictionary.GetDefaultVR(new DicomTag(0x0028, 0x1052)));
        Assert.Equal(DicomVR.SQ, DicomDictionary.GetDefaultVR(new DicomTag(0x0008, 0x1115)));
    }

    [Fact]
    public void GetDefaultVR_ItemTag_IsNone()
    {
        Assert.Equal(DicomVR.None, DicomDictionary.GetDefaultVR(DicomTag.Item));
    }

    [Fact]
    public void TryGetPrivate_GeIdentificationTagInBlock10_ResolvesWithCreator()
    {
        Assert.True(DicomDictionary.TryGetPrivate("GEMS_IDEN_01", new DicomTag(0x0009, 0x1001), out var entry));
        Assert.Equal("GEMS_IDEN_01", entry.PrivateCreator);
        Assert.Equal("FullFidelity", entry.Keyword);
        Assert.Equal(DicomVR.LO, entry.VR);
    }

    [Fact]
    public void TryGetPrivate_SameCreatorInOtherBlock_MatchesOnLowByte()
    {
        Assert.True(DicomDictionary.TryGetPrivate("GEMS_IDEN_01 ", new DicomTag(0x0009, 0x1201), out var entry));
        Assert.Equal("FullFidelity", entry.Keyword);
    }

    [Fact]
    public void TryGetPrivate_OtherCreator_ReturnsFalse()
    {
        Assert.False(DicomDictionary.TryGetPrivate("NOT_A_REAL_CREATOR", new DicomTag(0x0009, 0x1001), out _));
    }

    [Fact]
    public void TryGetPrivate_CreatorWithOddGroupRange_ResolvesThroughMask()
    {
        Assert.True(DicomDictionary.TryGetPrivate("DLX_ANNOT_01", new DicomTag(0x7003, 0x1004), out var entry));
        Assert.Equal("TextAnnotation", entry.Keyword);
        Assert.Equal(DicomVR.ST, entry.VR);
    }

    [Fact]
    public void GetDefaultVR_PrivateTagWithKnownCreator_IsPrivateDictionaryVR()
    {
        Assert.Equal(DicomVR.LO, DicomDictionary.GetDefaultVR(new DicomTag(0x0009, 0x1001), "GEMS_IDEN_01"));
    }

    [Fact]
    public void GetName_KnownAndUnknownTags_FallBack()
    {
        Assert.Equal("Patient's Name", DicomDictionary.GetName(new DicomTag(0x0010, 0x0010)));
        Assert.Equal("Unknown Tag", DicomDictionary.GetName(new DicomTag(0x0010, 0x0003)));
        Assert.Equal("Private Tag", DicomDictionary.GetName(new DicomTag(0x0009, 0x1001)));
        Assert.Equal("Private Creator", DicomDictionary.GetName(new DicomTag(0x0009, 0x0010)));
    }

    [Fact]
    public void PublicEntries_Count_IsAtLeast4000()
    {
        Assert.True(DicomDictionary.PublicEntries.Count >= 4000, $"only {DicomDictionary.PublicEntries.Count} entries");
    }

    [Fact]
    public void PrivateEntries_Count_IsAtLeast2000()
    {
        Assert.True(DicomDictionary.PrivateEntries.Count >= 2000, $"only {DicomDictionary.PrivateEntries.Count} entries");
    }

    [Fact]
    public void TryGetByKeyword_EveryPublicEntry_RoundTrips()
    {
        foreach (var entry in DicomDictionary.PublicEntries)
        {
            Assert.True(DicomDictionary.TryGetByKeyword(entry.Keyword, out var byKeyword), entry.Keyword);
            Assert.Same(entry, byKeyword);
            Assert.True(DicomDictionary.TryGet(entry.Tag, out var byTag), entry.Keyword);
            Assert.Same(entry, byTag);
        }
    }

    [Fact]
    public void TryGetByKeyword_RetiredKeyword_HasNoRetiredPrefix()
    {
        Assert.True(DicomDictionary.TryGetByKeyword("GrayLookupTableData", out var entry));
        Assert.Equal(new DicomTag(0x0028, 0x1200), entry.Tag);
        Assert.False(DicomDictionary.TryGetByKeyword("RETIRED_GrayLookupTableData", out _));
    }

    [Fact]
    public void TryGetByKeyword_WrongCase_ReturnsFalse()
    {
        Assert.False(DicomDictionary.TryGetByKeyword("patientname", out _));
    }
}
