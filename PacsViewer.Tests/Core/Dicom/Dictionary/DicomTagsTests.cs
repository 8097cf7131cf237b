using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Tests.Core.Dicom.Dictionary;

public class DicomTagsTests
{
    public static TheoryData<DicomTag, int, int> WellKnownTags => new()
    {
        { DicomTags.SpecificCharacterSet, 0x0008, 0x0005 },
        { DicomTags.SOPClassUID, 0x0008, 0x0016 },
        { DicomTags.SOPInstanceUID, 0x0008, 0x0018 },
        { DicomTags.TransferSyntaxUID, 0x0002, 0x0010 },
        { DicomTags.PatientName, 0x0010, 0x0010 },
        { DicomTags.PatientID, 0x0010, 0x0020 },
        { DicomTags.StudyInstanceUID, 0x0020, 0x000D },
        { DicomTags.SeriesInstanceUID, 0x0020, 0x000E },
        { DicomTags.BitsAllocated, 0x0028, 0x0100 },
        { DicomTags.PhotometricInterpretation, 0x0028, 0x0004 },
        { DicomTags.WindowCenter, 0x0028, 0x1050 },
        { DicomTags.RescaleIntercept, 0x0028, 0x1052 },
        { DicomTags.PixelData, 0x7FE0, 0x0010 },
        { DicomTags.ItemDelimitationItem, 0xFFFE, 0xE00D },
    };

    [Theory]
    [MemberData(nameof(WellKnownTags))]
    public void Property_WellKnownKeyword_HasPs36Tag(DicomTag tag, int group, int element)
    {
        Assert.Equal(new DicomTag((ushort)group, (ushort)element), tag);
    }

    [Fact]
    public void Property_PatientName_AgreesWithDictionaryKeyword()
    {
        Assert.True(DicomDictionary.TryGetByKeyword(nameof(DicomTags.PatientName), out var entry));
        Assert.Equal(entry.Tag, DicomTags.PatientName);
    }
}
