using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.CharacterSets;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// Writes a signed report as a DICOM Basic Text SR (PS3.3 A.35.1, SOP Class 1.2.840.10008.5.1.4.1.1.88.11) that a
/// PACS files under the study it reads: the Patient and General Study modules repeat the study's own UID and patient
/// attributes; the SR Document Series module puts it in the study's report series (<see cref="ReportDocumentUids"/>);
/// the SR Document General module marks it COMPLETE and VERIFIED by each signer, and an addendum version names the
/// previous version as its predecessor; the SR Document Content module holds a TID 2000 tree (content in
/// BasicTextSrWriter.Content.cs). The same snapshot always gives the same object, so a retried send is no duplicate.
/// </summary>
public sealed partial class BasicTextSrWriter
{
    private static readonly DicomCharacterSet Utf8 = DicomCharacterSet.FromTerms(["ISO_IR 192"]);

    private readonly ReportExportOptions _options;

    public BasicTextSrWriter(IOptions<ReportExportOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    /// <summary>The SR document of <paramref name="report"/> as a Part 10 file in explicit VR little endian.</summary>
    /// <param name="report">The signed version to write.</param>
    /// <param name="evidence">The study's instances the report was made from, when known (see <see cref="WriteDataset"/>).</param>
    /// <exception cref="ArgumentException">The snapshot is inconsistent (see the message).</exception>
    public DicomFile Write(ReportSnapshot report, IReadOnlyList<ReportEvidence>? evidence = null)
    {
        var dataset = WriteDataset(report, evidence);
        var syntax = DicomTransferSyntax.ExplicitVRLittleEndian;
        return new DicomFile(DicomFileWriter.CreateFileMeta(dataset, syntax), dataset, syntax);
    }

    /// <summary>The SR document of <paramref name="report"/> as a dataset.</summary>
    /// <param name="report">The signed version to write.</param>
    /// <param name="evidence">
    /// The study's instances the report was made from, listed in the Current Requested Procedure Evidence Sequence
    /// (PS3.3 C.17.2: Type 1C, required when the creator knows of them); left out when null or empty.
    /// </param>
    /// <exception cref="ArgumentException">The snapshot is inconsistent (see the message).</exception>
    public DicomDataset WriteDataset(ReportSnapshot report, IReadOnlyList<ReportEvidence>? evidence = null)
    {
        ReportSnapshotValidator.Validate(report);
        // PS3.5 6.1.2.5.3: ISO_IR 192 (UTF-8) as soon as any text is outside the default repertoire (ASCII).
        var charset = IsAscii(report) ? null : Utf8;
        var study = report.Study;
        var patient = report.Patient;
        var contentTime = report.Addenda.Count > 0 ? report.Addenda[^1].SignedAt : report.SignedAt;

        var b = new DicomDatasetBuilder();
        if (charset is not null)
        {
            b.Set(DicomTags.SpecificCharacterSet, "ISO_IR 192");
        }
        // SOP Common (PS3.3 C.12.1).
        b.Set(DicomTags.SOPClassUID, DicomUids.BasicTextSRStorage)
            .Set(DicomTags.SOPInstanceUID, ReportDocumentUids.SopInstanceUid(report.ReportId, report.Version))
            .Set(DicomTags.InstanceCreationDate, Date(contentTime))
            .Set(DicomTags.InstanceCreationTime, Time(contentTime))
            .Set(DicomTags.TimezoneOffsetFromUTC, Offset(contentTime));
        // Patient (PS3.3 C.7.1.1): as the PACS has it, so the report is filed under the same patient.
        b.Set(DicomTags.PatientName, patient.PatientName)
            .Set(DicomTags.PatientID, patient.PatientId)
            .Set(DicomTags.PatientBirthDate, patient.BirthDate is { } birth ? DicomDateTime.FormatDate(birth) : "")
            .Set(DicomTags.PatientSex, patient.Sex ?? "");
        // General Study (PS3.3 C.7.2.1): the study's own UID; the Type 2 attributes empty when unknown.
        b.Set(DicomTags.StudyInstanceUID, study.StudyInstanceUid)
            .Set(DicomTags.StudyDate, study.StudyDate is { } studyDate ? DicomDateTime.FormatDate(studyDate) : "")
            .Set(DicomTags.StudyTime, "")
            .Set(DicomTags.ReferringPhysicianName, study.ReferringPhysicianName ?? "")
            .Set(DicomTags.StudyID, study.StudyId ?? "")
            .Set(DicomTags.AccessionNumber, study.AccessionNumber ?? "");
        if (!string.IsNullOrEmpty(study.StudyDescription))
        {
            b.Set(DicomTags.StudyDescription, study.StudyDescription);
        }
        // SR Document Series (PS3.3 C.17.1): modality SR, the study's report series.
        b.Set(DicomTags.Modality, "SR")
            .Set(DicomTags.SeriesInstanceUID, ReportDocumentUids.SeriesInstanceUid(study.StudyInstanceUid))
            .Set(DicomTags.SeriesNumber, _options.SeriesNumber.ToString(CultureInfo.InvariantCulture))
            .Set(DicomTags.SeriesDescription, "Reports")
            .SetSequence(DicomTags.ReferencedPerformedProcedureStepSequence);
        // General Equipment (PS3.3 C.7.5.1).
        b.Set(DicomTags.Manufacturer, "PacsViewer");
        // SR Document General (PS3.3 C.17.2).
        b.Set(DicomTags.InstanceNumber, report.Version.ToString(CultureInfo.InvariantCulture))
            .Set(DicomTags.CompletionFlag, "COMPLETE")
            .Set(DicomTags.VerificationFlag, "VERIFIED")
            .Set(DicomTags.ContentDate, Date(contentTime))
            .Set(DicomTags.ContentTime, Time(contentTime))
            .SetSequence(DicomTags.VerifyingObserverSequence, VerifyingObservers(report, charset))
            .SetSequence(DicomTags.PerformedProcedureCodeSequence);
        if (report.Version > 1)
        {
            b.SetSequence(DicomTags.PredecessorDocumentsSequence, Predecessor(report, charset));
        }
        if (evidence is { Count: > 0 } && Evidence(study.StudyInstanceUid, evidence, charset) is { } evidenceItem)
        {
            b.SetSequence(DicomTags.CurrentRequestedProcedureEvidenceSequence, evidenceItem);
        }
        // SR Document Content (PS3.3 C.17.3): the root container and its tree.
        Content(b, report, charset);
        return b.ToDataset();
    }

    /// <summary>
    /// PS3.3 C.17.2 Verifying Observer Sequence: the signer of the original and of each addendum, in order of
    /// verification, with the Type 2 identification code sequence empty.
    /// </summary>
    private DicomDataset[] VerifyingObservers(ReportSnapshot report, DicomCharacterSet? charset)
    {
        var signers = new List<(string Name, DateTimeOffset At)> { (Signer(report.AuthorDisplayName, report.AuthorUserName), report.SignedAt) };
        signers.AddRange(report.Addenda.Select(a => (Signer(a.AuthorDisplayName, a.AuthorUserName), a.SignedAt)));
        return signers.Select(s => new DicomDatasetBuilder(charset)
            .Set(DicomTags.VerifyingObserverName, s.Name)
            .Set(DicomTags.VerifyingOrganization, _options.Organization)
            .Set(DicomTags.VerificationDateTime, DateTime(s.At))
            .SetSequence(DicomTags.VerifyingObserverIdentificationCodeSequence)
            .ToDataset()).ToArray();
    }

    /// <summary>
    /// PS3.3 C.17.2 Predecessor Documents Sequence with the Hierarchical SOP Instance Reference Macro (Table C.17-3):
    /// the previous version's SR document, in the same study and report series.
    /// </summary>
    private static DicomDataset Predecessor(ReportSnapshot report, DicomCharacterSet? charset)
    {
        var sop = new DicomDatasetBuilder(charset)
            .Set(DicomTags.ReferencedSOPClassUID, DicomUids.BasicTextSRStorage)
            .Set(DicomTags.ReferencedSOPInstanceUID, ReportDocumentUids.SopInstanceUid(report.ReportId, report.Version - 1))
            .ToDataset();
        var series = new DicomDatasetBuilder(charset)
            .Set(DicomTags.SeriesInstanceUID, ReportDocumentUids.SeriesInstanceUid(report.Study.StudyInstanceUid))
            .SetSequence(DicomTags.ReferencedSOPSequence, sop)
            .ToDataset();
        return new DicomDatasetBuilder(charset)
            .Set(DicomTags.StudyInstanceUID, report.Study.StudyInstanceUid)
            .SetSequence(DicomTags.ReferencedSeriesSequence, series)
            .ToDataset();
    }

    /// <summary>
    /// PS3.3 C.17.2.3 Current Requested Procedure Evidence Sequence with the Hierarchical SOP Instance Reference Macro
    /// (Table C.17-3): one study item, one item per series, one per instance; duplicates and invalid UIDs left out
    /// (null when none is left).
    /// </summary>
    private static DicomDataset? Evidence(string studyInstanceUid, IReadOnlyList<ReportEvidence> evidence, DicomCharacterSet? charset)
    {
        var series = evidence
            .Where(e => ReportSnapshotValidator.IsValidUid(e.SeriesInstanceUid) && ReportSnapshotValidator.IsValidUid(e.SopClassUid)
                && ReportSnapshotValidator.IsValidUid(e.SopInstanceUid))
            .DistinctBy(e => e.SopInstanceUid, StringComparer.Ordinal)
            .GroupBy(e => e.SeriesInstanceUid, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DicomDatasetBuilder(charset)
                .Set(DicomTags.SeriesInstanceUID, g.Key)
                .SetSequence(DicomTags.ReferencedSOPSequence, g.OrderBy(e => e.SopInstanceUid, StringComparer.Ordinal)
                    .Select(e => new DicomDatasetBuilder(charset)
                        .Set(DicomTags.ReferencedSOPClassUID, e.SopClassUid)
                        .Set(DicomTags.ReferencedSOPInstanceUID, e.SopInstanceUid)
                        .ToDataset()).ToArray())
                .ToDataset())
            .ToArray();
        if (series.Length == 0)
        {
            return null;
        }
        return new DicomDatasetBuilder(charset)
            .Set(DicomTags.StudyInstanceUID, studyInstanceUid)
            .SetSequence(DicomTags.ReferencedSeriesSequence, series)
            .ToDataset();
    }

    /// <summary>The signer as a person name: the display name when there is one, else the user name.</summary>
    internal static string Signer(string displayName, string userName) =>
        string.IsNullOrWhiteSpace(displayName) ? userName : displayName;

    private static bool IsAscii(ReportSnapshot report)
    {
        var text = new StringBuilder()
            .Append(report.Patient.PatientName).Append(report.Patient.PatientId).Append(report.Patient.Sex)
            .Append(report.Study.AccessionNumber).Append(report.Study.StudyId).Append(report.Study.StudyDescription)
            .Append(report.Study.ReferringPhysicianName).Append(report.AuthorDisplayName).Append(report.AuthorUserName);
        foreach (var s in report.Sections)
        {
            text.Append(s.Title).Append(s.Text);
        }
        foreach (var a in report.Addenda)
        {
            text.Append(a.Text).Append(a.AuthorDisplayName).Append(a.AuthorUserName);
        }
        if (report.Critical is { } c)
        {
            text.Append(c.CommunicatedTo).Append(c.Note);
        }
        return System.Text.Ascii.IsValid(text.ToString());
    }

    /// <summary>DA in the time's own offset (PS3.5 6.2).</summary>
    private static string Date(DateTimeOffset at) => at.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>TM in the time's own offset (PS3.5 6.2).</summary>
    private static string Time(DateTimeOffset at) => at.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture);

    /// <summary>DT with the UTC offset suffix &amp;ZZXX (PS3.5 6.2).</summary>
    internal static string DateTime(DateTimeOffset at) => at.ToString("yyyyMMddHHmmss.ffffff", CultureInfo.InvariantCulture) + Offset(at);

    /// <summary>Timezone Offset From UTC (0008,0201) form: +HHMM or -HHMM.</summary>
    private static string Offset(DateTimeOffset at)
    {
        var offset = at.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{offset.Hours:00}{offset.Minutes:00}");
    }
}
