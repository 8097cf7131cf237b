using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive.Demo;

/// <summary>
/// Synthesises demo studies in code (no bundled images): a 120-slice CT of a body phantom with real geometry and
/// HU through a rescale (plus a coronal reformat-like series in the same Frame of Reference), an MR series, a CR
/// chest in MONOCHROME1 and a multi-frame RGB ultrasound clip. Patients
/// are synthetic (<c>DEMO^CT</c>...). UIDs are <c>2.25.</c> UUIDs (PS3.5 B.2) derived from the seed, so one seed
/// always gives the same objects and a new seed gives fresh UIDs.
/// </summary>
/// <remarks>The modalities are in DemoStudyGenerator.Ct.cs, .Mr.cs, .Cr.cs and .Us.cs.</remarks>
public sealed partial class DemoStudyGenerator
{
    private const string Manufacturer = "PacsViewer demo generator";

    private readonly string _seed;

    public DemoStudyGenerator(string seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(seed);
        _seed = seed;
    }

    /// <summary>A generator with a random seed: fresh UIDs.</summary>
    public static DemoStudyGenerator CreateRandom() => new(Guid.NewGuid().ToString("N"));

    /// <summary>Number of objects <see cref="GenerateAll"/> yields.</summary>
    public static int ObjectCount => CtSlices + CtCoronalSlices + MrSlices + 1 + 1;

    /// <summary>Every demo object, one at a time (each is made when asked for, so memory stays at one object).</summary>
    public IEnumerable<DicomFile> GenerateAll(CancellationToken cancellationToken = default)
    {
        foreach (var f in ComputedTomography(cancellationToken))
        {
            yield return f;
        }
        foreach (var f in ComputedTomographyCoronal(cancellationToken))
        {
            yield return f;
        }
        foreach (var f in MagneticResonance(cancellationToken))
        {
            yield return f;
        }
        cancellationToken.ThrowIfCancellationRequested();
        yield return Radiograph();
        cancellationToken.ThrowIfCancellationRequested();
        yield return UltrasoundClip();
    }

    /// <summary>Slices 0..count-1, each made when asked for.</summary>
    private static IEnumerable<DicomFile> Slices(int count, Func<int, DicomFile> slice, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return slice(i);
        }
    }

    /// <summary>A UID under 2.25 (PS3.5 B.2): a version-8 UUID made from a hash of the seed and a label.</summary>
    public string Uid(string label)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{_seed}/{label}"), hash);
        var uuid = hash[..16].ToArray();
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80); // version 8 (RFC 9562 custom)
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // RFC variant
        return "2.25." + new BigInteger(uuid, isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The patient, study and series attributes shared by one series, and the SOP common module.</summary>
    private DicomDatasetBuilder Common(string study, string series, string sopClass, string sopLabel, string patient, string modality,
        DateOnly date, string description, string seriesDescription, int seriesNumber, int instanceNumber)
    {
        var b = new DicomDatasetBuilder()
            .Set(DicomTags.SpecificCharacterSet, "ISO_IR 192")
            .Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "AXIAL")
            .Set(DicomTags.SOPClassUID, sopClass)
            .Set(DicomTags.SOPInstanceUID, Uid(sopLabel))
            .Set(DicomTags.StudyDate, DicomDateTime.FormatDate(date))
            .Set(DicomTags.SeriesDate, DicomDateTime.FormatDate(date))
            .Set(DicomTags.ContentDate, DicomDateTime.FormatDate(date))
            .Set(DicomTags.StudyTime, "093000")
            .Set(DicomTags.ContentTime, "093000")
            .Set(DicomTags.AccessionNumber, "DEMO" + modality)
            .Set(DicomTags.Modality, modality)
            .Set(DicomTags.Manufacturer, Manufacturer)
            .Set(DicomTags.ReferringPhysicianName, "")
            .Set(DicomTags.StudyDescription, description)
            .Set(DicomTags.SeriesDescription, seriesDescription)
            .Set(DicomTags.PatientName, patient)
            .Set(DicomTags.PatientID, "DEMO-" + modality)
            .Set(DicomTags.PatientBirthDate, "19800101")
            .Set(DicomTags.PatientSex, "O")
            .Set(DicomTags.StudyInstanceUID, Uid(study))
            .Set(DicomTags.SeriesInstanceUID, Uid(series))
            .Set(DicomTags.StudyID, "1")
            .Set(DicomTags.SeriesNumber, Int(seriesNumber))
            .Set(DicomTags.InstanceNumber, Int(instanceNumber))
            .Set(DicomTags.PatientOrientation, "")
            .Set(DicomTags.BurnedInAnnotation, "NO");
        return b;
    }

    private static DicomDatasetBuilder Grayscale(DicomDatasetBuilder b, int rows, int columns, ushort bitsStored, string photometric) =>
        b.SetUInt16(DicomTags.SamplesPerPixel, 1)
            .Set(DicomTags.PhotometricInterpretation, photometric)
            .SetUInt16(DicomTags.Rows, (ushort)rows)
            .SetUInt16(DicomTags.Columns, (ushort)columns)
            .SetUInt16(DicomTags.BitsAllocated, 16)
            .SetUInt16(DicomTags.BitsStored, bitsStored)
            .SetUInt16(DicomTags.HighBit, (ushort)(bitsStored - 1))
            .SetUInt16(DicomTags.PixelRepresentation, 0);

    private static DicomFile ToFile(DicomDatasetBuilder b)
    {
        var dataset = b.ToDataset();
        var syntax = DicomTransferSyntax.ExplicitVRLittleEndian;
        return new DicomFile(DicomFileWriter.CreateFileMeta(dataset, syntax), dataset, syntax);
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ds(double value) => DicomDecimalString.Format(value);

    /// <summary>Deterministic noise in [-1, 1) (xorshift32).</summary>
    private struct Noise(uint state)
    {
        private uint _state = state == 0 ? 0x9E3779B9u : state;

        public float Next()
        {
            _state ^= _state << 13;
            _state ^= _state >> 17;
            _state ^= _state << 5;
            return (_state >> 8) / (float)(1 << 23) - 1f;
        }
    }

    private uint NoiseSeed(string label) => BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{_seed}/noise/{label}")));

    /// <summary>True when (x, y) is inside the ellipse centred at (cx, cy) with semi-axes a, b.</summary>
    private static bool InEllipse(double x, double y, double cx, double cy, double a, double b)
    {
        var dx = (x - cx) / a;
        var dy = (y - cy) / b;
        return dx * dx + dy * dy <= 1;
    }
}
