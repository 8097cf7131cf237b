using System.Security.Cryptography;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Distribution.Export;

/// <summary>
/// Builds the DICOMDIR of a file-set (PS3.10 8.6, Basic Directory IOD PS3.3 F.3) from the objects written into it, one
/// call per object, and assigns each its File ID (PS3.10 8.2, PS3.12: components of at most 8 characters of A-Z, 0-9
/// and _), <c>DICOM/Pnnnnnnn/STnnnnnn/SEnnnnnn/Innnnnnn</c> (patient, study, series, instance). Only the record keys are
/// kept in memory, so thousands of objects cost little; the directory itself is built in memory at the end, where its
/// record offsets are computed on the encoded bytes.
/// </summary>
public sealed class FileSetDirectoryBuilder
{
    /// <summary>PS3.4 Annex B / PS3.6 Annex A: Media Storage Directory Storage.</summary>
    public const string MediaStorageDirectoryStorage = "1.2.840.10008.1.3.10";

    private readonly List<PatientNode> _patients = [];
    private readonly Dictionary<string, PatientNode> _patientsByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StudyNode> _studiesByUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SeriesNode> _seriesByUid = new(StringComparer.Ordinal);

    public FileSetDirectoryBuilder(string fileSetId)
    {
        // File-set ID (0004,1130) is CS, at most 16 characters of the PS3.12 File ID character set.
        FileSetId = new string(fileSetId.ToUpperInvariant().Where(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or ' ').Take(16).ToArray()).Trim();
    }

    public string FileSetId { get; }

    public int Count { get; private set; }

    /// <summary>Records one object written to the file-set and returns its File ID components.</summary>
    public IReadOnlyList<string> Add(DicomDataset dataset, string transferSyntaxUid)
    {
        var patientId = dataset.GetString(DicomTags.PatientID) ?? "";
        var patientName = dataset.GetString(DicomTags.PatientName) ?? "";
        var studyUid = dataset.GetFirstString(DicomTags.StudyInstanceUID) ?? "";
        var seriesUid = dataset.GetFirstString(DicomTags.SeriesInstanceUID) ?? "";
        var patientKey = patientId + "\u0001" + patientName;
        if (!_patientsByKey.TryGetValue(patientKey, out var patient))
        {
            patient = new PatientNode(_patients.Count + 1, Keys(dataset, DicomTags.SpecificCharacterSet, DicomTags.PatientName, DicomTags.PatientID));
            _patientsByKey[patientKey] = patient;
            _patients.Add(patient);
        }
        if (!_studiesByUid.TryGetValue(studyUid, out var study))
        {
            study = new StudyNode(_studiesByUid.Count + 1, Keys(dataset, DicomTags.SpecificCharacterSet, DicomTags.StudyDate, DicomTags.StudyTime,
                DicomTags.AccessionNumber, DicomTags.StudyDescription, DicomTags.StudyInstanceUID, DicomTags.StudyID));
            _studiesByUid[studyUid] = study;
            patient.Studies.Add(study);
        }
        if (!_seriesByUid.TryGetValue(seriesUid, out var series))
        {
            series = new SeriesNode(_seriesByUid.Count + 1, Keys(dataset, DicomTags.SpecificCharacterSet, DicomTags.Modality,
                DicomTags.SeriesInstanceUID, DicomTags.SeriesNumber));
            _seriesByUid[seriesUid] = series;
            study.Series.Add(series);
        }
        var index = series.Instances.Count + 1;
        string[] fileId = ["DICOM", $"P{patient.Index:D7}", $"ST{study.Index:D6}", $"SE{series.Index:D6}", $"I{index:D7}"];
        var (recordType, keys) = InstanceRecord(dataset);
        var record = new DicomDatasetBuilder(keys)
            .Set(DicomTags.DirectoryRecordType, DicomVR.CS, recordType)
            .Set(DicomTags.ReferencedFileID, DicomVR.CS, fileId)
            .Set(DicomTags.ReferencedSOPClassUIDInFile, DicomVR.UI, dataset.GetFirstString(DicomTags.SOPClassUID) ?? "")
            .Set(DicomTags.ReferencedSOPInstanceUIDInFile, DicomVR.UI, dataset.GetFirstString(DicomTags.SOPInstanceUID) ?? "")
            .Set(DicomTags.ReferencedTransferSyntaxUIDInFile, DicomVR.UI, transferSyntaxUid)
            .ToDataset();
        series.Instances.Add(record);
        Count++;
        return fileId;
    }

    /// <summary>The DICOMDIR as a Part 10 file in explicit VR little endian (PS3.10 8.6, PS3.3 F.3).</summary>
    public byte[] Build()
    {
        // Depth-first order of the records in the Directory Record Sequence: patient, its studies, each with its series,
        // each with its instances (PS3.3 F.3.2.2: each entity's records linked by Offset of the Next Directory Record).
        var ordered = new List<(DicomDataset Keys, string Type, int Parent, List<int> Children)>();
        var roots = new List<int>();
        foreach (var patient in _patients)
        {
            roots.Add(AddRecord(ordered, -1, "PATIENT", patient.Keys));
            var p = roots[^1];
            foreach (var study in patient.Studies)
            {
                var s = AddRecord(ordered, p, "STUDY", study.Keys);
                foreach (var series in study.Series)
                {
                    var se = AddRecord(ordered, s, "SERIES", series.Keys);
                    foreach (var instance in series.Instances)
                    {
                        AddRecord(ordered, se, instance.GetFirstString(DicomTags.DirectoryRecordType) ?? "IMAGE", instance);
                    }
                }
            }
        }

        // First pass with zero offsets: every offset is a UL of fixed size, so the layout does not change with them.
        var items = ordered.Select(r => Record(r.Keys, r.Type, 0, 0)).ToList();
        var first = Encode(items, 0, 0);
        var itemLengths = items.Select(ItemLength).ToArray();
        // The Directory Record Sequence is the last element; its items end 8 bytes (the Sequence Delimitation Item)
        // before the end of the file. Offsets count from the first byte of the File Meta Information (the preamble).
        var offset = first.Length - 8 - itemLengths.Sum();
        var offsets = new long[ordered.Count];
        for (var i = 0; i < ordered.Count; i++)
        {
            offsets[i] = offset;
            offset += itemLengths[i];
        }
        uint At(int index) => index < 0 ? 0 : checked((uint)offsets[index]);
        for (var i = 0; i < ordered.Count; i++)
        {
            var siblings = ordered[i].Parent < 0 ? roots : ordered[ordered[i].Parent].Children;
            var position = siblings.IndexOf(i);
            var next = position + 1 < siblings.Count ? siblings[position + 1] : -1;
            var lower = ordered[i].Children.Count > 0 ? ordered[i].Children[0] : -1;
            items[i] = Record(ordered[i].Keys, ordered[i].Type, At(next), At(lower));
        }
        var bytes = Encode(items, roots.Count > 0 ? At(roots[0]) : 0, roots.Count > 0 ? At(roots[^1]) : 0);
        if (bytes.Length != first.Length)
        {
            throw new InvalidOperationException("the DICOMDIR changed length when its offsets were filled in");
        }
        return bytes;
    }

    private static int AddRecord(List<(DicomDataset Keys, string Type, int Parent, List<int> Children)> ordered, int parent, string type, DicomDataset keys)
    {
        ordered.Add((keys, type, parent, []));
        var index = ordered.Count - 1;
        if (parent >= 0)
        {
            ordered[parent].Children.Add(index);
        }
        return index;
    }

    private static DicomDataset Record(DicomDataset keys, string type, uint next, uint lower) =>
        new DicomDatasetBuilder(keys)
            .SetUInt32(DicomTags.OffsetOfTheNextDirectoryRecord, next)
            .SetUInt16(DicomTags.RecordInUseFlag, 0xFFFF)
            .SetUInt32(DicomTags.OffsetOfReferencedLowerLevelDirectoryEntity, lower)
            .Set(DicomTags.DirectoryRecordType, DicomVR.CS, type)
            .ToDataset();

    private static long ItemLength(DicomDataset item)
    {
        using var counter = new MemoryStream();
        DicomFileWriter.WriteDataset(counter, item, DicomTransferSyntax.ExplicitVRLittleEndian);
        return 8 + counter.Length + 8; // item header, content, item delimitation (the writer uses undefined lengths)
    }

    private byte[] Encode(List<DicomDataset> items, uint firstRoot, uint lastRoot)
    {
        var dataset = new DicomDatasetBuilder()
            .Set(DicomTags.FileSetID, DicomVR.CS, FileSetId)
            .SetUInt32(DicomTags.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, firstRoot)
            .SetUInt32(DicomTags.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity, lastRoot)
            .SetUInt16(DicomTags.FileSetConsistencyFlag, 0) // PS3.3 F.3.2.1: 0000H, no known inconsistencies
            .SetSequence(DicomTags.DirectoryRecordSequence, [.. items])
            .ToDataset();
        var meta = new DicomDatasetBuilder()
            .Set(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, MediaStorageDirectoryStorage)
            .Set(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, NewUid())
            .ToDataset();
        using var output = new MemoryStream();
        DicomFileWriter.Write(output, new DicomFile(meta, dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
        return output.ToArray();
    }

    private string? _instanceUid;

    private string NewUid() => _instanceUid ??= "2.25." + new System.Numerics.BigInteger(RandomNumberGenerator.GetBytes(16), isUnsigned: true)
        .ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static DicomDataset Keys(DicomDataset source, params DicomTag[] tags)
    {
        var builder = new DicomDatasetBuilder(source.CharacterSet);
        foreach (var tag in tags)
        {
            if (source[tag] is { } element)
            {
                builder.Add(element);
            }
            else if (tag != DicomTags.SpecificCharacterSet)
            {
                // Type 1 and 2 keys of PS3.3 F.5 are present even when the object lacks them (empty: unknown).
                builder.Add(new DicomValueElement(tag, DicomDictionary.GetDefaultVR(tag), ReadOnlyMemory<byte>.Empty));
            }
        }
        return builder.ToDataset();
    }

    /// <summary>The record type and keys for one object (PS3.3 F.5.18 IMAGE, F.5.24 SR DOCUMENT, F.5.23 PRESENTATION).</summary>
    private static (string Type, DicomDataset Keys) InstanceRecord(DicomDataset dataset)
    {
        var modality = dataset.GetFirstString(DicomTags.Modality)?.Trim();
        if (modality == "SR")
        {
            return ("SR DOCUMENT", Keys(dataset, DicomTags.SpecificCharacterSet, DicomTags.InstanceNumber, DicomTags.CompletionFlag,
                DicomTags.VerificationFlag, DicomTags.ContentDate, DicomTags.ContentTime, DicomTags.ConceptNameCodeSequence));
        }
        if (modality == "PR")
        {
            return ("PRESENTATION", Keys(dataset, DicomTags.SpecificCharacterSet, DicomTags.InstanceNumber, DicomTags.ContentLabel,
                DicomTags.ContentDescription, DicomTags.PresentationCreationDate, DicomTags.PresentationCreationTime, DicomTags.ContentCreatorName));
        }
        return ("IMAGE", Keys(dataset, DicomTags.SpecificCharacterSet, DicomTags.InstanceNumber));
    }

    private sealed record PatientNode(int Index, DicomDataset Keys)
    {
        public List<StudyNode> Studies { get; } = [];
    }

    private sealed record StudyNode(int Index, DicomDataset Keys)
    {
        public List<SeriesNode> Series { get; } = [];
    }

    private sealed record SeriesNode(int Index, DicomDataset Keys)
    {
        public List<DicomDataset> Instances { get; } = [];
    }
}
