using PacsViewer.Core.Worklist;
using PacsViewer.Web.Patients;

namespace PacsViewer.Tests.Web.Patients;

public sealed class PatientSearchFormTests
{
    [Theory]
    [InlineData("doe", "doe*")]
    [InlineData("  Doe, Jane ", "Doe^Jane*")]
    [InlineData("Doe ,Ja", "Doe^Ja*")]
    [InlineData("DOE^JANE", "DOE^JANE*")]
    [InlineData("D?E*", "D?E*")]
    public void ToSearch_Name_PrefixPatternOnThePnValue(string typed, string expected)
    {
        Assert.Equal(expected, new PatientSearchForm { PatientName = typed }.ToSearch().PatientName);
    }

    [Fact]
    public void ToSearch_IdAndBirthDate_TrimmedIdAndDateOnly()
    {
        var search = new PatientSearchForm { PatientName = " ", PatientId = " P1 ", BirthDate = new DateTime(1970, 1, 2) }.ToSearch();

        Assert.Equal(new PatientSearch(null, "P1", new DateOnly(1970, 1, 2)), search);
    }

    [Fact]
    public void ToSearch_NothingGiven_IsEmpty()
    {
        Assert.True(new PatientSearchForm { PatientName = "  ", PatientId = "" }.ToSearch().IsEmpty);
    }

    [Theory]
    [InlineData("DOE^JANE", "DOE, JANE")]
    [InlineData("Doe^Jane^Q^Dr", "Doe, Dr Jane Q")]
    [InlineData("DOE", "DOE")]
    [InlineData("", "(no name)")]
    [InlineData(null, "(no name)")]
    public void FormatName_PersonName_FamilyCommaGiven(string? pn, string expected)
    {
        Assert.Equal(expected, PatientGroup.FormatName(pn));
    }
}
