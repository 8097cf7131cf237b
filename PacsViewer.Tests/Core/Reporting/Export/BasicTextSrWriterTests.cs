using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Reporting.Export;
using PacsViewer.Core.Viewing.StructuredReports;
using PacsViewer.Tests.Core.Network;

namespace PacsViewer.Tests.Core.Reporting.Export;

/// <summary>The Basic Text SR written to bytes and read back by our reader, by dcmtk (dcmdump, dsrdump) and by pydicom.</summary>
public sealed class BasicTextSrWriterTests
{
    private static readonly BasicTextSrWriter Writer = new(ReportSamples.Options());

    private static DicomFile RoundTrip(DicomFile file)
    {
        using var stream = new MemoryStream();
        DicomFileWriter.Write(stream, file);
        return DicomFile.Read(stream.ToArray());
    }

    private static IEnumerable<SrContentItem> Flatten(SrContentItem item) => new[] { item }.Concat(item.Children.SelectMany(Flatten));

    [Fact]
    public void Write_FinalReport_ReadsBackWithPatientStudyFlagsAndSectionTexts()
    {
        var study = ReportSamples.NewUid();
        var report = ReportSamples.Final(study);

        var back = RoundTrip(Writer.Write(report)).Dataset;
        var sr = SrDocumentReader.Read(back);

        Assert.Equal(DicomUids.BasicTextSRStorage, back.GetString(DicomTags.SOPClassUID));
        Assert.Equal("SR", back.GetString(DicomTags.Modality));
        Assert.Equal(study, back.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal(ReportDocumentUids.SeriesInstanceUid(study), back.GetString(DicomTags.SeriesInstanceUID));
        Assert.Equal(ReportDocumentUids.SopInstanceUid(report.ReportId, 1), back.GetString(DicomTags.SOPInstanceUID));
        Assert.Equal("Doe^Jane", back.GetString(DicomTags.PatientName));
        Assert.Equal("PV-EXPORT-1", back.GetString(DicomTags.PatientID));
        Assert.Equal("19700517", back.GetString(DicomTags.PatientBirthDate));
        Assert.Equal("ACC-EXPORT-1", back.GetString(DicomTags.AccessionNumber));
        Assert.Equal("20260313", back.GetString(DicomTags.StudyDate));
        Assert.Equal("20260314", back.GetString(DicomTags.ContentDate));
        Assert.False(back.Contains(DicomTags.SpecificCharacterSet));
        Assert.False(back.Contains(DicomTags.PredecessorDocumentsSequence));
        Assert.Equal("Diagnostic Imaging Report", sr.Title);
        Assert.Equal("COMPLETE", sr.CompletionFlag);
        Assert.Equal("VERIFIED", sr.VerificationFlag);
        var verifier = Assert.Single(back.GetSequence(DicomTags.VerifyingObserverSequence));
        Assert.Equal("Radiologist^Robin", verifier.GetString(DicomTags.VerifyingObserverName));
        Assert.Equal("PacsViewer Test Radiology", verifier.GetString(DicomTags.VerifyingOrganization));
        Assert.Equal("20260314092653.000000+0100", verifier.GetString(DicomTags.VerificationDateTime));

        var headings = sr.Root.Children.Where(c => c.ValueType == "CONTAINER").Select(c => c.ConceptName?.Meaning ?? "").ToArray();
        Assert.Equal(["Clinical Information", "Current Procedure Descriptions", "Findings", "Impressions", "Communication of Critical Results"], headings);
        var findings = Assert.Single(sr.Root.Children, c => c.ConceptName?.Value == "59776-5");
        var finding = Assert.Single(findings.Children);
        Assert.Equal(("TEXT", "121071", "DCM", ReportSamples.FindingsText), (finding.ValueType, finding.ConceptName?.Value, finding.ConceptName?.Scheme, finding.Value));
        Assert.Contains($"Impression: {ReportSamples.ImpressionText}", sr.Text, StringComparison.Ordinal);
        Assert.Contains("Person Observer Name: Radiologist, Robin", sr.Text, StringComparison.Ordinal);
        Assert.Contains("Critical result communicated to Dr Ward (ED) at 2026-03-14 09:21 +01:00. read back", sr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SameVersionTwice_GivesTheSameObject()
    {
        var report = ReportSamples.Final(ReportSamples.NewUid());

        using var first = new MemoryStream();
        using var second = new MemoryStream();
        DicomFileWriter.Write(first, Writer.Write(report));
        DicomFileWriter.Write(second, Writer.Write(report));

        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public void SopInstanceUid_VersionsAndReports_DifferButSeriesIsOnePerStudy()
    {
        var id = Guid.NewGuid();
        var study = ReportSamples.NewUid();

        var uids = new[] { ReportDocumentUids.SopInstanceUid(id, 1), ReportDocumentUids.SopInstanceUid(id, 2), ReportDocumentUids.SopInstanceUid(Guid.NewGuid(), 1), ReportDocumentUids.SeriesInstanceUid(study) };

        Assert.Equal(4, uids.Distinct().Count());
        Assert.All(uids, u => Assert.Matches(@"^2\.25\.[1-9][0-9]*$", u));
        Assert.All(uids, u => Assert.InRange(u.Length, 10, 64));
        Assert.Equal(ReportDocumentUids.SeriesInstanceUid(study), ReportDocumentUids.SeriesInstanceUid(study));
        Assert.NotEqual(ReportDocumentUids.SeriesInstanceUid(study), ReportDocumentUids.SeriesInstanceUid(ReportSamples.NewUid()));
    }

    [Fact]
    public void Write_Addendum_ReferencesPreviousVersionAndListsBothVerifiers()
    {
        var study = ReportSamples.NewUid();
        var original = ReportSamples.Final(study);
        var amended = ReportSamples.WithAddendum(original);

        var back = RoundTrip(Writer.Write(amended)).Dataset;
        var sr = SrDocumentReader.Read(back);

        Assert.Equal(ReportDocumentUids.SopInstanceUid(original.ReportId, 2), back.GetString(DicomTags.SOPInstanceUID));
        Assert.Equal("2", back.GetString(DicomTags.InstanceNumber));
        var predecessor = Assert.Single(back.GetSequence(DicomTags.PredecessorDocumentsSequence));
        Assert.Equal(study, predecessor.GetString(DicomTags.StudyInstanceUID));
        var series = Assert.Single(predecessor.GetSequence(DicomTags.ReferencedSeriesSequence));
        Assert.Equal(ReportDocumentUids.SeriesInstanceUid(study), series.GetString(DicomTags.SeriesInstanceUID));
        var sop = Assert.Single(series.GetSequence(DicomTags.ReferencedSOPSequence));
        Assert.Equal(DicomUids.BasicTextSRStorage, sop.GetString(DicomTags.ReferencedSOPClassUID));
        Assert.Equal(ReportDocumentUids.SopInstanceUid(original.ReportId, 1), sop.GetString(DicomTags.ReferencedSOPInstanceUID));
        Assert.Equal(["Radiologist^Robin", "Second^Sam"], back.GetSequence(DicomTags.VerifyingObserverSequence).Select(v => v.GetString(DicomTags.VerifyingObserverName)!));
        var addendum = Assert.Single(sr.Root.Children, c => c.ConceptName?.Value == "55107-7");
        Assert.Equal(ReportSamples.AddendumText, Assert.Single(addendum.Children, c => c.ValueType == "TEXT").Value);
        Assert.Equal("Second, Sam", Assert.Single(addendum.Children, c => c.ValueType == "PNAME").Value);
        Assert.Equal("20260314112653", back.GetString(DicomTags.ContentDate) + back.GetString(DicomTags.ContentTime)![..6]);
    }

    [Fact]
    public void Write_WithEvidence_ListsEachValidInstanceOnceUnderItsSeries()
    {
        var study = ReportSamples.NewUid();
        const string Mr = "1.2.840.10008.5.1.4.1.1.4";
        ReportEvidence[] evidence =
        [
            new("1.2.3.2", Mr, "1.2.3.2.1"),
            new("1.2.3.1", Mr, "1.2.3.1.2"),
            new("1.2.3.1", Mr, "1.2.3.1.1"),
            new("1.2.3.1", Mr, "1.2.3.1.1"),
            new("1.2.3.1", Mr, "not.a.uid"),
        ];

        var back = RoundTrip(Writer.Write(ReportSamples.Final(study), evidence)).Dataset;

        var item = Assert.Single(back.GetSequence(DicomTags.CurrentRequestedProcedureEvidenceSequence));
        Assert.Equal(study, item.GetString(DicomTags.StudyInstanceUID));
        var series = item.GetSequence(DicomTags.ReferencedSeriesSequence);
        Assert.Equal(["1.2.3.1", "1.2.3.2"], series.Select(s => s.GetString(DicomTags.SeriesInstanceUID)!));
        Assert.Equal(["1.2.3.1.1", "1.2.3.1.2"], series[0].GetSequence(DicomTags.ReferencedSOPSequence).Select(s => s.GetString(DicomTags.ReferencedSOPInstanceUID)!));
        Assert.Equal(Mr, series[1].GetSequence(DicomTags.ReferencedSOPSequence).Single().GetString(DicomTags.ReferencedSOPClassUID));
        Assert.False(RoundTrip(Writer.Write(ReportSamples.Final(study), [])).Dataset.Contains(DicomTags.CurrentRequestedProcedureEvidenceSequence));
    }

    [Fact]
    public void Write_NonAsciiText_DeclaresIsoIr192AndReadsBackTheSameCharacters()
    {
        var report = ReportSamples.Final(ReportSamples.NewUid(), patientName: "Müller^Zoë") with
        {
            Sections = [new ReportSection("Befund", "Kein Anhalt für Blutung; Ödem ≤ 2 mm. 日本語")],
            Critical = null,
        };

        var back = RoundTrip(Writer.Write(report)).Dataset;

        Assert.Equal("ISO_IR 192", back.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("Müller^Zoë", back.GetString(DicomTags.PatientName));
        var text = Flatten(SrDocumentReader.Read(back).Root).Single(i => i.ValueType == "TEXT");
        Assert.Equal("Kein Anhalt für Blutung; Ödem ≤ 2 mm. 日本語", text.Value);
    }

    [Fact]
    public void Write_UnknownSectionTitle_UsesALocalHeadingNamedAfterTheTitle()
    {
        var report = ReportSamples.Final(ReportSamples.NewUid()) with { Sections = [new ReportSection("Dose report", "CTDIvol 12 mGy.")] };

        var sr = SrDocumentReader.Read(Writer.WriteDataset(report));

        var heading = sr.Root.Children.First(c => c.ValueType == "CONTAINER");
        Assert.Equal(new SrCode("DOSEREPORT", "99PACSVIEWER", "Dose report"), heading.ConceptName);
        Assert.Equal("CTDIvol 12 mGy.", Assert.Single(heading.Children).Value);
    }

    [Fact]
    public void Write_MultiLineText_UsesCrLfBetweenLines()
    {
        var report = ReportSamples.Final(ReportSamples.NewUid()) with { Sections = [new ReportSection("Findings", "Line one.\nLine two.\n")], Critical = null };

        var sr = SrDocumentReader.Read(Writer.WriteDataset(report));

        Assert.Equal("Line one.\r\nLine two.", Flatten(sr.Root).Single(i => i.ValueType == "TEXT").Value);
    }

    [Theory]
    [InlineData("1.2.03", "not a valid Study Instance UID")]
    [InlineData("", "not a valid Study Instance UID")]
    [InlineData("1.2.3.abc", "not a valid Study Instance UID")]
    public void Write_InvalidStudyUid_ThrowsArgumentExceptionNamingIt(string uid, string expected)
    {
        var report = ReportSamples.Final(ReportSamples.NewUid()) with { Study = ReportSamples.Final("1.2").Study with { StudyInstanceUid = uid } };

        var e = Assert.Throws<ArgumentException>(() => Writer.Write(report));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_VersionWithoutItsAddenda_ThrowsArgumentException()
    {
        var report = ReportSamples.Final(ReportSamples.NewUid()) with { Version = 2, Status = ReportSnapshotStatus.Amended };

        var e = Assert.Throws<ArgumentException>(() => Writer.Write(report));

        Assert.Contains("version-2 report has 1 addenda, not 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_AddendumFile_DcmtkAndPydicomReadTheSameContent()
    {
        using var temp = new TempDirectory();
        var report = ReportSamples.WithAddendum(ReportSamples.Final(ReportSamples.NewUid(), patientName: "Müller^Zoë"));
        var path = temp.File("report.dcm");
        DicomFileWriter.Write(path, Writer.Write(report));

        var (dumpExit, dump) = await DcmtkProcess.RunAsync("dcmdump", "+U8", "+L", path);
        var (srExit, srDump) = await DcmtkProcess.RunAsync("dsrdump", "-v", "+Pl", "+U8", path);
        var py = await ExternalTools.ReadSrWithPydicomAsync(path);

        Assert.True(dumpExit == 0, dump);
        Assert.Contains("=BasicTextSRStorage", dump, StringComparison.Ordinal);
        Assert.Contains(ReportSamples.FindingsText, dump, StringComparison.Ordinal);
        Assert.True(srExit == 0, srDump);
        Assert.Contains("Basic Text SR", srDump, StringComparison.Ordinal);
        Assert.Contains(ReportSamples.AddendumText, srDump, StringComparison.Ordinal);
        // dsrdump checks the content tree against the Basic Text SR constraints (PS3.3 A.35.1) and reports "E:" lines.
        Assert.DoesNotContain("E: ", srDump, StringComparison.Ordinal);
        Assert.Contains("Verification Flag   : VERIFIED", srDump, StringComparison.Ordinal);
        Assert.Contains("Predecessor Docs    : 1", srDump, StringComparison.Ordinal);
        Assert.Equal("Müller^Zoë", py.PatientName);
        Assert.Equal("VERIFIED", py.VerificationFlag);
        Assert.Equal(ReportDocumentUids.SopInstanceUid(report.ReportId, 1), py.Predecessor);
        Assert.Equal(["Radiologist^Robin", "Second^Sam"], py.Verifiers);
        Assert.Contains(ReportSamples.FindingsText, py.Texts);
        Assert.Equal(ReportSamples.AddendumText, py.Texts[^1]);
    }
}
