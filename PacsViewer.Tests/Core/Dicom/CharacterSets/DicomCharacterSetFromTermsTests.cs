using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.CharacterSets;

namespace PacsViewer.Tests.Core.Dicom.CharacterSets;

public sealed class DicomCharacterSetFromTermsTests
{
    [Fact]
    public void FromTerms_Empty_IsDefaultWithoutWarnings()
    {
        var set = DicomCharacterSet.FromTerms([]);

        Assert.Same(DicomCharacterSet.Default, set);
        Assert.Empty(set.Warnings);
        Assert.Equal("ISO_IR 6", set.ToString());
    }

    [Fact]
    public void FromTerms_UnknownTerm_WarnsAndDecodesAsDefault()
    {
        var set = DicomCharacterSet.FromTerms(["ISO_IR 999"]);

        string warning = Assert.Single(set.Warnings);
        Assert.Contains("Unknown character set 'ISO_IR 999'", warning, StringComparison.Ordinal);
        Assert.Equal("Buc^Jérôme", set.Decode(Bytes("42 75 63 5E 4A E9 72 F4 6D 65"), DicomVR.PN));
    }

    [Fact]
    public void FromTerms_UnknownSecondTerm_WarnsAndKeepsTheKnownOnes()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 999", "ISO 2022 IR 87"]);

        Assert.Contains(set.Warnings, w => w.Contains("'ISO 2022 IR 999'", StringComparison.Ordinal));
        Assert.Equal("山田", set.Decode(Bytes("1B 24 42 3B 33 45 44 1B 28 42"), DicomVR.PN));
    }

    [Theory]
    [InlineData("ISO_IR 100 ", "ISO_IR 100")]
    [InlineData("ISO-IR 100", "ISO_IR 100")]
    [InlineData("iso_ir 100", "ISO_IR 100")]
    [InlineData("ISO_IR100", "ISO_IR 100")]
    [InlineData("UTF-8", "ISO_IR 192")]
    public void FromTerms_CommonMisspelling_ReadsAsDefinedTerm(string term, string expectedRead)
    {
        var set = DicomCharacterSet.FromTerms([term]);
        byte[] bytes = expectedRead == "ISO_IR 192" ? Bytes("C3 A9") : Bytes("E9");

        Assert.Equal("é", set.Decode(bytes, DicomVR.LO));
        if (term.Trim() != expectedRead)
        {
            Assert.Contains(set.Warnings, w => w.Contains($"read as '{expectedRead}'", StringComparison.Ordinal));
        }
        else
        {
            Assert.Empty(set.Warnings);
        }
    }

    [Fact]
    public void FromTerms_Utf8WithOtherTerms_WarnsAndUsesUtf8()
    {
        var set = DicomCharacterSet.FromTerms(["ISO_IR 192", "ISO 2022 IR 87"]);

        Assert.Single(set.Warnings);
        Assert.False(set.UsesCodeExtensions);
        Assert.Equal("王", set.Decode(Bytes("E7 8E 8B"), DicomVR.PN));
    }

    [Fact]
    public void FromTerms_SingleByteTermAmongCodeExtensions_WarnsAndReadsAsIso2022()
    {
        var set = DicomCharacterSet.FromTerms(["ISO_IR 100", "ISO 2022 IR 87"]);

        Assert.Contains(set.Warnings, w => w.Contains("'ISO 2022 IR 100'", StringComparison.Ordinal));
        Assert.True(set.UsesCodeExtensions);
        Assert.Equal("Jé^山", set.Decode(Bytes("4A E9 5E 1B 24 42 3B 33 1B 28 42"), DicomVR.PN));
    }

    [Theory]
    [InlineData("ISO_IR 100", false)]
    [InlineData("ISO_IR 192", false)]
    [InlineData("GB18030", false)]
    [InlineData("ISO 2022 IR 100", true)]
    [InlineData("ISO_IR 13", true)]
    public void FromTerms_SingleTerm_UsesCodeExtensionsOnlyForIso2022AndJisX0201(string term, bool expected)
    {
        var set = DicomCharacterSet.FromTerms([term]);

        Assert.Equal(expected, set.UsesCodeExtensions);
        Assert.Empty(set.Warnings);
        Assert.Equal([term], set.Terms);
    }

    private static byte[] Bytes(string hex) => CharsetBytes.Hex(hex);
}
