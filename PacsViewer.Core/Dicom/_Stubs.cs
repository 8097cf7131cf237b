// TEMPORARY stand-ins until the generated dictionary and the character set work are merged. Delete on merge.
using System.Text;
namespace PacsViewer.Core.Dicom.Dictionary
{
    public sealed record DicomDictionaryEntry(DicomTag Tag, DicomVR VR, DicomVR AlternateVR, string Keyword);
    public static class DicomDictionary
    {
        public static bool TryGet(DicomTag tag, out DicomDictionaryEntry entry) { entry = null!; return false; }
        public static bool TryGetPrivate(string creator, DicomTag tag, out DicomDictionaryEntry entry) { entry = null!; return false; }
        public static DicomVR GetDefaultVR(DicomTag tag) => tag.Element == 0 ? DicomVR.UL : tag == DicomTags.PixelData ? DicomVR.OW : tag.Group == 0x0008 && tag.Element == 0x1140 ? DicomVR.SQ : DicomVR.UN;
    }
    public static class DicomTags
    {
        public static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);
        public static readonly DicomTag TransferSyntaxUID = new(0x0002, 0x0010);
        public static readonly DicomTag MediaStorageSOPClassUID = new(0x0002, 0x0002);
        public static readonly DicomTag MediaStorageSOPInstanceUID = new(0x0002, 0x0003);
        public static readonly DicomTag SOPClassUID = new(0x0008, 0x0016);
        public static readonly DicomTag SOPInstanceUID = new(0x0008, 0x0018);
        public static readonly DicomTag PixelData = new(0x7FE0, 0x0010);
        public static readonly DicomTag PatientName = new(0x0010, 0x0010);
        public static readonly DicomTag Rows = new(0x0028, 0x0010);
        public static readonly DicomTag Columns = new(0x0028, 0x0011);
        public static readonly DicomTag NumberOfFrames = new(0x0028, 0x0008);
        public static readonly DicomTag PhotometricInterpretation = new(0x0028, 0x0004);
        public static readonly DicomTag BitsAllocated = new(0x0028, 0x0100);
        public static readonly DicomTag BitsStored = new(0x0028, 0x0101);
        public static readonly DicomTag HighBit = new(0x0028, 0x0102);
        public static readonly DicomTag PixelRepresentation = new(0x0028, 0x0103);
        public static readonly DicomTag SamplesPerPixel = new(0x0028, 0x0002);
        public static readonly DicomTag PlanarConfiguration = new(0x0028, 0x0006);
        public static readonly DicomTag RescaleSlope = new(0x0028, 0x1053);
        public static readonly DicomTag RescaleIntercept = new(0x0028, 0x1052);
        public static readonly DicomTag WindowCenter = new(0x0028, 0x1050);
        public static readonly DicomTag WindowWidth = new(0x0028, 0x1051);
        public static readonly DicomTag Modality = new(0x0008, 0x0060);
        public static readonly DicomTag PatientID = new(0x0010, 0x0020);
        public static readonly DicomTag FileMetaInformationGroupLength = new(0x0002, 0x0000);
        public static readonly DicomTag FileMetaInformationVersion = new(0x0002, 0x0001);
        public static readonly DicomTag ImplementationClassUID = new(0x0002, 0x0012);
        public static readonly DicomTag ImplementationVersionName = new(0x0002, 0x0013);
        public static readonly DicomTag SourceApplicationEntityTitle = new(0x0002, 0x0016);
    }
}
