using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Network.DicomWeb;

namespace PacsViewer.Tests.Core.Network.DicomWeb;

public sealed class QidoQueryTests
{
    [Fact]
    public void ToQueryString_AllParameters_FollowsPs3_18()
    {
        var query = QidoQuery.All.Match(DicomTags.PatientName, "DOE^J*").Match(DicomTags.StudyDate, "20200101-20201231")
            .Include(DicomTags.StudyDescription) with { IncludeAllFields = true, FuzzyMatching = true, Limit = 10, Offset = 20 };

        Assert.Equal("00100010=DOE^J*&00080020=20200101-20201231&includefield=all&includefield=00081030&fuzzymatching=true&limit=10&offset=20",
            query.ToQueryString());
    }

    [Theory]
    [InlineData("A B", "A%20B")]
    [InlineData("a&b=c#d+e%f", "a%26b%3Dc%23d%2Be%25f")]
    [InlineData("Müller", "M%C3%BCller")]
    [InlineData("x?y*,z-1.2", "x?y*,z-1.2")]
    public void EscapeValue_SpecialCharacters_EscapesOnlyWhatBreaksTheQuery(string value, string expected)
    {
        Assert.Equal(expected, QidoQuery.EscapeValue(value));
    }

    [Fact]
    public void ToString_MatchingValues_AreLeftOut()
    {
        var text = QidoQuery.All.Match(DicomTags.PatientName, "SECRET^NAME").ToString();

        Assert.Contains("00100010", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2020-01-01", "2020-12-31", "20200101-20201231")]
    [InlineData("2020-01-01", null, "20200101-")]
    [InlineData(null, "2020-12-31", "-20201231")]
    [InlineData("2020-05-06", "2020-05-06", "20200506")]
    public void ToQido_StudyDateRange_UsesRangeMatching(string? from, string? to, string expected)
    {
        var query = new StudyQuery { StudyDateFrom = from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            StudyDateTo = to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture) };

        var qido = DicomWebStudySource.ToQido(query);

        Assert.Equal(expected, Assert.Single(qido.MatchKeys, k => k.Key == DicomTags.StudyDate).Value);
    }

    [Fact]
    public void ToQido_AllKeys_MapToTheirAttributesAndPaging()
    {
        var qido = DicomWebStudySource.ToQido(new StudyQuery
        {
            PatientName = "DOE*", PatientId = "P1", PatientBirthDate = new DateOnly(1970, 2, 3), Modality = "CT", AccessionNumber = "A1",
            StudyDescription = "HEAD*", StudyInstanceUid = "1.2.3", FuzzyMatching = true, Limit = 5, Offset = 10,
        });

        Assert.Equal(
            [(DicomTags.PatientName, "DOE*"), (DicomTags.PatientID, "P1"), (DicomTags.PatientBirthDate, "19700203"), (DicomTags.ModalitiesInStudy, "CT"),
             (DicomTags.AccessionNumber, "A1"), (DicomTags.StudyDescription, "HEAD*"), (DicomTags.StudyInstanceUID, "1.2.3")],
            qido.MatchKeys.Select(k => (k.Key, k.Value)));
        Assert.True(qido.FuzzyMatching);
        Assert.Equal((5, 10), (qido.Limit, qido.Offset));
        Assert.Contains(DicomTags.StudyDescription, qido.IncludeFields);
    }
}
