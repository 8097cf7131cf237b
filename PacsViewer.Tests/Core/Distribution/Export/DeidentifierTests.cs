using System.Text;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Export;

namespace PacsViewer.Tests.Core.Distribution.Export;

public sealed class DeidentifierTests
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    private static DicomDataset Instance(string study, string series, string sop, string? referencedSop = null, string? burnedIn = "NO", string modality = "CT")
    {
        var builder = new DicomDatasetBuilder()
            .Set(DicomTags.SOPClassUID, CtImageStorage)
            .Set(DicomTags.SOPInstanceUID, sop)
            .Set(DicomTags.StudyInstanceUID, study)
            .Set(DicomTags.SeriesInstanceUID, series)
            .Set(DicomTags.FrameOfReferenceUID, "1.2.3.4.5.6.7")
            .Set(DicomTags.PatientName, "DOE^JANE")
            .Set(DicomTags.PatientID, "MRN12345")
            .Set(DicomTags.PatientBirthDate, "19610203")
            .Set(DicomTags.InstitutionName, "General Hospital")
            .Set(DicomTags.StudyDate, "20240101")
            .Set(DicomTags.AccessionNumber, "ACC998877")
            .Set(DicomTags.Modality, modality)
            .SetUInt16(DicomTags.Rows, 2).SetUInt16(DicomTags.Columns, 2)
            .SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[8])
            .SetSequence(DicomTags.RequestAttributesSequence, new DicomDatasetBuilder().Set(DicomTags.RequestedProcedureID, "RP1").ToDataset())
            .SetSequence(DicomTags.SourceImageSequence, new DicomDatasetBuilder()
                .Set(DicomTags.ReferencedSOPClassUID, CtImageStorage)
                .Set(DicomTags.ReferencedSOPInstanceUID, referencedSop ?? sop)
                .SetSequence(DicomTags.PurposeOfReferenceCodeSequence, new DicomDatasetBuilder()
                    .Set(DicomTags.CodeValue, "121322").Set(DicomTags.CodeMeaning, "DOE^JANE nested").ToDataset())
                .ToDataset())
            .Add(new DicomValueElement(new DicomTag(0x0009, 0x0010), DicomVR.LO, Encoding.ASCII.GetBytes("ACME 1.0"), "ACME 1.0"))
            .Add(new DicomValueElement(new DicomTag(0x0009, 0x1001), DicomVR.LO, Encoding.ASCII.GetBytes("DOE^JANE"), "ACME 1.0"));
        if (burnedIn is not null)
        {
            builder.Set(DicomTags.BurnedInAnnotation, burnedIn);
        }
        return builder.ToDataset();
    }

    [Fact]
    public void Deidentify_InstanceWithNestedSequencesAndPrivateTags_IdentityGoneAndUidsMappedConsistently()
    {
        var deid = new Deidentifier("TRIAL-7");
        var first = deid.Deidentify(Instance("1.2.3.100", "1.2.3.200", "1.2.3.301"));
        var second = deid.Deidentify(Instance("1.2.3.100", "1.2.3.200", "1.2.3.302", referencedSop: "1.2.3.301"));

        Assert.Equal("TRIAL-7", first.GetString(DicomTags.PatientName));
        Assert.Equal("TRIAL-7", first.GetString(DicomTags.PatientID));
        Assert.Equal("", first.GetString(DicomTags.PatientBirthDate) ?? "");
        Assert.False(first.Contains(DicomTags.InstitutionName));
        Assert.Equal("", first.GetString(DicomTags.AccessionNumber) ?? "");
        Assert.False(first.Contains(DicomTags.RequestAttributesSequence));
        Assert.DoesNotContain(first, e => e.Tag.IsPrivate);
        Assert.Equal("YES", first.GetString(DicomTags.PatientIdentityRemoved));
        var method = Assert.Single(first.GetSequence(DicomTags.DeidentificationMethodCodeSequence));
        Assert.Equal(("113100", "DCM"), (method.GetString(DicomTags.CodeValue), method.GetString(DicomTags.CodingSchemeDesignator)));

        // Same study, series and frame of reference in both; the reference points at the first one's new UID.
        Assert.Equal(first.GetString(DicomTags.StudyInstanceUID), second.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal(first.GetString(DicomTags.SeriesInstanceUID), second.GetString(DicomTags.SeriesInstanceUID));
        Assert.Equal(first.GetString(DicomTags.FrameOfReferenceUID), second.GetString(DicomTags.FrameOfReferenceUID));
        Assert.NotEqual(first.GetString(DicomTags.SOPInstanceUID), second.GetString(DicomTags.SOPInstanceUID));
        var reference = Assert.Single(second.GetSequence(DicomTags.SourceImageSequence));
        Assert.Equal(first.GetString(DicomTags.SOPInstanceUID), reference.GetString(DicomTags.ReferencedSOPInstanceUID));
        Assert.Equal(CtImageStorage, reference.GetString(DicomTags.ReferencedSOPClassUID)); // registered: kept
        Assert.StartsWith("2.25.", first.GetString(DicomTags.StudyInstanceUID), StringComparison.Ordinal);
        Assert.NotEqual("1.2.3.100", first.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal(CtImageStorage, first.GetString(DicomTags.SOPClassUID));
    }

    [Fact]
    public void MapUid_TwoExports_DifferentUidsForTheSameOriginal()
    {
        var a = new Deidentifier();
        var b = new Deidentifier();
        Assert.Equal(a.MapUid("1.2.3.4"), a.MapUid("1.2.3.4"));
        Assert.NotEqual(a.MapUid("1.2.3.4"), b.MapUid("1.2.3.4"));
        Assert.True(a.MapUid("1.2.3.4").Length <= 64);
        Assert.Equal("1.2.840.10008.1.2.1", a.MapUid("1.2.840.10008.1.2.1"));
        Assert.NotEqual(a.Pseudonym, b.Pseudonym);
        Assert.StartsWith("ANON-", a.Pseudonym, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("YES", "CT", true)]
    [InlineData("NO", "US", false)]
    [InlineData(null, "US", true)]
    [InlineData(null, "SC", true)]
    [InlineData(null, "CT", false)]
    public void BurnedInAnnotationWarning_ByAttributeAndModality_FlagsWhenTextMayBeInThePixels(string? burnedIn, string modality, bool flagged)
    {
        var warning = Deidentifier.BurnedInAnnotationWarning(Instance("1.2.3", "1.2.4", "1.2.5", burnedIn: burnedIn, modality: modality));
        Assert.Equal(flagged, warning is not null);
    }

    [Fact]
    public async Task WriteAsync_FlaggedInstance_SkippedUnlessIncluded()
    {
        using var temp = new TempDirectory();
        var paths = new List<string>();
        foreach (var (sop, burnedIn) in new[] { ("1.2.3.301", "NO"), ("1.2.3.302", "YES") })
        {
            var path = temp.File(sop + ".dcm");
            DicomFileWriter.Write(path, new DicomFile(DicomDataset.Empty, Instance("1.2.3.100", "1.2.3.200", sop, burnedIn: burnedIn), DicomTransferSyntax.ExplicitVRLittleEndian));
            paths.Add(path);
        }
        var outcomes = new List<ExportItemResult>();
        var skipped = await ExportTestSupport.ExportAsync(new StudyZipWriter(new Deidentifier()), paths, new MemoryStream(), outcomes);
        Assert.Equal((1, 1), (skipped.Written, skipped.Skipped));
        Assert.Equal(TransferItemState.Skipped, outcomes[1].State);
        Assert.Contains("Burned In Annotation", outcomes[1].Message, StringComparison.Ordinal);
        Assert.Equal(["1.2.3.302.dcm"], skipped.Flagged);

        outcomes.Clear();
        var included = await ExportTestSupport.ExportAsync(new StudyZipWriter(new Deidentifier(), includeFlagged: true), paths, new MemoryStream(), outcomes);
        Assert.Equal((2, 0), (included.Written, included.Skipped));
        Assert.Equal(TransferItemState.Done, outcomes[1].State);
        Assert.NotNull(outcomes[1].Message);
    }

    /// <summary>
    /// Samples of several modalities, syntaxes and vendors (one 3-slice series among them), exported de-identified; every
    /// file is read back by our parser and by pydicom: no original UID, patient name, ID or birth date anywhere (File
    /// Meta and sequences included), and instances of one original series share one new series UID.
    /// </summary>
    [Fact]
    public async Task WriteAsync_SamplesDeidentified_NoOriginalIdentityOrUidRemainsInAnyFile()
    {
        string[] samples =
        [
            "series/mr_brain_ge_axial_pd/brain_001.dcm", "series/mr_brain_ge_axial_pd/brain_002.dcm", "series/mr_brain_ge_axial_pd/brain_003.dcm",
            "ct/CT-MONO2-16-ankle.dcm", "ct/CT2_RLE.dcm", "mr/MR-SIEMENS-DICOM-WithOverlays.dcm", "mr/MR_small_bigendian.dcm",
            "cr_dx/CR-MONO1-10-chest.dcm", "us/IM00001.implicit_little_endian.dcm", "pr/GSPS_AGFA_CR.dcm", "sr/test-SR.dcm",
            "nm_pt/PET_ACRIN-FLT-Breast_1.dcm", "charset/chrRuss.dcm",
        ];
        var paths = samples.Select(TestFiles.Sample).ToList();
        var originalUids = new HashSet<string>(StringComparer.Ordinal);
        var originalIdentity = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var file = DicomFile.Open(path);
            CollectUids(file.FileMetaInformation, originalUids);
            CollectUids(file.Dataset, originalUids);
            foreach (var tag in new[] { DicomTags.PatientName, DicomTags.PatientID, DicomTags.PatientBirthDate })
            {
                var value = file.Dataset.GetString(tag)?.Trim();
                if (!string.IsNullOrEmpty(value))
                {
                    originalIdentity.Add(value);
                }
            }
        }
        Assert.True(originalUids.Count > 30 && originalIdentity.Count > 5, $"{originalUids.Count} UIDs, {originalIdentity.Count} identity values");

        using var temp = new TempDirectory();
        var zipPath = temp.File("deid.zip");
        StudyZipResult result;
        await using (var output = File.Create(zipPath))
        {
            result = await ExportTestSupport.ExportAsync(new StudyZipWriter(new Deidentifier("PSEUDO-1"), includeFlagged: true), paths, output);
        }
        Assert.Equal(samples.Length, result.Written);
        var folder = temp.File("out");
        ExportTestSupport.Extract(zipPath, folder);
        var written = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList();
        Assert.Equal(samples.Length + 1, written.Count);

        // Our parser: every UI value, everywhere, is new; identity values are gone; File Meta follows the dataset.
        var seriesOfBrain = new HashSet<string>();
        foreach (var path in written)
        {
            var file = DicomFile.Open(path);
            var uids = new HashSet<string>(StringComparer.Ordinal);
            CollectUids(file.FileMetaInformation, uids);
            CollectUids(file.Dataset, uids);
            Assert.Empty(uids.Intersect(originalUids));
            var bytes = await File.ReadAllBytesAsync(path);
            foreach (var value in originalUids.Concat(originalIdentity).Where(v => v.Length >= 6))
            {
                Assert.True(IndexOf(bytes, Encoding.ASCII.GetBytes(value)) < 0, $"{Path.GetFileName(path)} still holds '{value}'");
            }
            if (Path.GetFileName(path) == "DICOMDIR")
            {
                continue;
            }
            Assert.Equal(file.Dataset.GetString(DicomTags.SOPInstanceUID), file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID));
            Assert.Equal("PSEUDO-1", file.Dataset.GetString(DicomTags.PatientName));
            if (file.Dataset.GetString(DicomTags.SeriesDescription) is null && file.Dataset.GetString(DicomTags.Manufacturer)?.StartsWith("GE", StringComparison.Ordinal) == true
                && file.Dataset.GetString(DicomTags.Modality) == "MR" && file.Dataset.GetInt32(DicomTags.Rows, 0) == 256)
            {
                seriesOfBrain.Add(file.Dataset.GetString(DicomTags.SeriesInstanceUID)!);
            }
        }
        Assert.Single(seriesOfBrain);

        // pydicom, reading each file on its own: no identity value and no original UID in any element.
        var (exit, output2) = await ExportTestSupport.PythonAsync(ExportTestSupport.PydicomWalkScript, [.. written]);
        Assert.True(exit == 0, output2);
        var lines = output2.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(written.Count, lines.Count(l => l.StartsWith("FILE ", StringComparison.Ordinal)));
        foreach (var line in lines.Where(l => !l.StartsWith("FILE ", StringComparison.Ordinal)))
        {
            var value = line.Split(' ', 4)[3].Trim();
            Assert.DoesNotContain(value, originalUids);
            Assert.DoesNotContain(value, originalIdentity);
        }
    }

    private static void CollectUids(DicomDataset dataset, HashSet<string> uids)
    {
        foreach (var element in dataset)
        {
            if (element is DicomSequence sequence)
            {
                foreach (var item in sequence.Items)
                {
                    CollectUids(item, uids);
                }
            }
            else if (element.VR == DicomVR.UI && element is DicomValueElement value)
            {
                foreach (var uid in Encoding.ASCII.GetString(value.GetBytes().Span).TrimEnd('\0', ' ').Split('\\'))
                {
                    if (uid.Length > 0 && !DicomUidRegistry.TryGet(uid, out _))
                    {
                        uids.Add(uid);
                    }
                }
            }
        }
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
