// TEMPORARY stand-ins until the generated dictionary and the character set work are merged. Delete on merge.
using System.Text;
namespace PacsViewer.Core.Dicom.Dictionary
{
    public sealed record DicomDictionaryEntry(DicomTag Tag, DicomVR VR, DicomVR AlternateVR, string Keyword, string Name = "", string VM = "1");
    public static class DicomDictionary
    {
        // A handful of entries so implicit VR files decode their key attributes until the real tables land.
        private static readonly Dictionary<uint, DicomDictionaryEntry> Few = new DicomDictionaryEntry[]
        {
            new(new(0x0002, 0x0000), DicomVR.UL, DicomVR.None, "FileMetaInformationGroupLength", "File Meta Information Group Length"),
            new(new(0x0002, 0x0001), DicomVR.OB, DicomVR.None, "FileMetaInformationVersion", "File Meta Information Version"),
            new(new(0x0002, 0x0002), DicomVR.UI, DicomVR.None, "MediaStorageSOPClassUID", "Media Storage SOP Class UID"),
            new(new(0x0002, 0x0003), DicomVR.UI, DicomVR.None, "MediaStorageSOPInstanceUID", "Media Storage SOP Instance UID"),
            new(new(0x0002, 0x0010), DicomVR.UI, DicomVR.None, "TransferSyntaxUID", "Transfer Syntax UID"),
            new(new(0x0002, 0x0012), DicomVR.UI, DicomVR.None, "ImplementationClassUID", "Implementation Class UID"),
            new(new(0x0002, 0x0013), DicomVR.SH, DicomVR.None, "ImplementationVersionName", "Implementation Version Name"),
            new(new(0x0008, 0x0005), DicomVR.CS, DicomVR.None, "SpecificCharacterSet", "Specific Character Set", "1-n"),
            new(new(0x0008, 0x0008), DicomVR.CS, DicomVR.None, "ImageType", "Image Type", "2-n"),
            new(new(0x0008, 0x0016), DicomVR.UI, DicomVR.None, "SOPClassUID", "SOP Class UID"),
            new(new(0x0008, 0x0018), DicomVR.UI, DicomVR.None, "SOPInstanceUID", "SOP Instance UID"),
            new(new(0x0008, 0x0020), DicomVR.DA, DicomVR.None, "StudyDate", "Study Date"),
            new(new(0x0008, 0x0060), DicomVR.CS, DicomVR.None, "Modality", "Modality"),
            new(new(0x0008, 0x1140), DicomVR.SQ, DicomVR.None, "ReferencedImageSequence", "Referenced Image Sequence"),
            new(new(0x0010, 0x0010), DicomVR.PN, DicomVR.None, "PatientName", "Patient's Name"),
            new(new(0x0010, 0x0020), DicomVR.LO, DicomVR.None, "PatientID", "Patient ID"),
            new(new(0x0018, 0x0050), DicomVR.DS, DicomVR.None, "SliceThickness", "Slice Thickness"),
            new(new(0x0020, 0x000D), DicomVR.UI, DicomVR.None, "StudyInstanceUID", "Study Instance UID"),
            new(new(0x0020, 0x000E), DicomVR.UI, DicomVR.None, "SeriesInstanceUID", "Series Instance UID"),
            new(new(0x0020, 0x0013), DicomVR.IS, DicomVR.None, "InstanceNumber", "Instance Number"),
            new(new(0x0020, 0x0032), DicomVR.DS, DicomVR.None, "ImagePositionPatient", "Image Position (Patient)", "3"),
            new(new(0x0020, 0x0037), DicomVR.DS, DicomVR.None, "ImageOrientationPatient", "Image Orientation (Patient)", "6"),
            new(new(0x0028, 0x0002), DicomVR.US, DicomVR.None, "SamplesPerPixel", "Samples per Pixel"),
            new(new(0x0028, 0x0004), DicomVR.CS, DicomVR.None, "PhotometricInterpretation", "Photometric Interpretation"),
            new(new(0x0028, 0x0006), DicomVR.US, DicomVR.None, "PlanarConfiguration", "Planar Configuration"),
            new(new(0x0028, 0x0008), DicomVR.IS, DicomVR.None, "NumberOfFrames", "Number of Frames"),
            new(new(0x0028, 0x0010), DicomVR.US, DicomVR.None, "Rows", "Rows"),
            new(new(0x0028, 0x0011), DicomVR.US, DicomVR.None, "Columns", "Columns"),
            new(new(0x0028, 0x0030), DicomVR.DS, DicomVR.None, "PixelSpacing", "Pixel Spacing", "2"),
            new(new(0x0028, 0x0100), DicomVR.US, DicomVR.None, "BitsAllocated", "Bits Allocated"),
            new(new(0x0028, 0x0101), DicomVR.US, DicomVR.None, "BitsStored", "Bits Stored"),
            new(new(0x0028, 0x0102), DicomVR.US, DicomVR.None, "HighBit", "High Bit"),
            new(new(0x0028, 0x0103), DicomVR.US, DicomVR.None, "PixelRepresentation", "Pixel Representation"),
            new(new(0x0028, 0x1050), DicomVR.DS, DicomVR.None, "WindowCenter", "Window Center", "1-n"),
            new(new(0x0028, 0x1051), DicomVR.DS, DicomVR.None, "WindowWidth", "Window Width", "1-n"),
            new(new(0x0028, 0x1052), DicomVR.DS, DicomVR.None, "RescaleIntercept", "Rescale Intercept"),
            new(new(0x0028, 0x1053), DicomVR.DS, DicomVR.None, "RescaleSlope", "Rescale Slope"),
            new(new(0x7FE0, 0x0010), DicomVR.OB, DicomVR.OW, "PixelData", "Pixel Data"),
        }.ToDictionary(e => e.Tag.Value);

        public static bool TryGet(DicomTag tag, out DicomDictionaryEntry entry) => Few.TryGetValue(tag.Value, out entry!);
        public static bool TryGetPrivate(string creator, DicomTag tag, out DicomDictionaryEntry entry) { entry = null!; return false; }
        public static string GetName(DicomTag tag) => TryGet(tag, out var e) ? e.Name
            : tag.IsPrivateCreator ? "Private Creator" : tag.IsPrivate ? "Private Tag" : tag.IsGroupLength ? "Group Length" : "Unknown Tag";
        public static DicomVR GetDefaultVR(DicomTag tag) => TryGet(tag, out var e) ? (e.AlternateVR == DicomVR.OW ? DicomVR.OW : e.VR)
            : tag.Element == 0 ? DicomVR.UL : DicomVR.UN;
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
        public static readonly DicomTag FloatPixelData = new(0x7FE0, 0x0008);
        public static readonly DicomTag DoubleFloatPixelData = new(0x7FE0, 0x0009);
        public static readonly DicomTag PatientName = new(0x0010, 0x0010);
        public static readonly DicomTag PatientID = new(0x0010, 0x0020);
        public static readonly DicomTag Rows = new(0x0028, 0x0010);
        public static readonly DicomTag Columns = new(0x0028, 0x0011);
        public static readonly DicomTag NumberOfFrames = new(0x0028, 0x0008);
        public static readonly DicomTag PhotometricInterpretation = new(0x0028, 0x0004);
        public static readonly DicomTag BitsAllocated = new(0x0028, 0x0100);
        public static readonly DicomTag BitsStored = new(0x0028, 0x0101);
        public static readonly DicomTag WindowCenter = new(0x0028, 0x1050);
        public static readonly DicomTag WindowWidth = new(0x0028, 0x1051);
        public static readonly DicomTag RescaleIntercept = new(0x0028, 0x1052);
        public static readonly DicomTag RescaleSlope = new(0x0028, 0x1053);
        public static readonly DicomTag ReferencedImageSequence = new(0x0008, 0x1140);
    }
}
namespace PacsViewer.Core.Dicom.CharacterSets
{
    public sealed class DicomCharacterSet
    {
        public static readonly DicomCharacterSet Default = new();
        public static DicomCharacterSet FromTerms(IReadOnlyList<string> terms) => Default;
        public string Decode(ReadOnlySpan<byte> value, DicomVR vr) => Encoding.Latin1.GetString(value);
        public byte[] Encode(string text, DicomVR vr) => Encoding.Latin1.GetBytes(text);
    }
}
