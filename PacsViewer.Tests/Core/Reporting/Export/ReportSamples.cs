using Microsoft.Extensions.Options;
using PacsViewer.Core.Reporting.Export;

namespace PacsViewer.Tests.Core.Reporting.Export;

/// <summary>Synthetic signed reports for the export tests (no personal data).</summary>
internal static class ReportSamples
{
    public const string FindingsText = "No acute intracranial haemorrhage. Ventricles of normal size and configuration.";
    public const string ImpressionText = "Normal MR of the brain for age.";
    public const string AddendumText = "Addendum: the small right frontal focus is a vascular space, no follow-up needed.";

    public static readonly DateTimeOffset SignedAt = new(2026, 3, 14, 9, 26, 53, TimeSpan.FromHours(1));

    public static IOptions<ReportExportOptions> Options(string organization = "PacsViewer Test Radiology") =>
        Microsoft.Extensions.Options.Options.Create(new ReportExportOptions { Organization = organization });

    /// <summary>A Final (version 1) report with four sections and a critical-result notice.</summary>
    public static ReportSnapshot Final(string studyInstanceUid, string patientId = "PV-EXPORT-1", string patientName = "Doe^Jane",
        string sourceName = "pacs", Guid? reportId = null, string? accession = "ACC-EXPORT-1") =>
        new(reportId ?? Guid.NewGuid(), 1, ReportSnapshotStatus.Final,
            new ReportStudy(sourceName, studyInstanceUid, accession, "42", new DateOnly(2026, 3, 13), "MR brain without contrast", "Referrer^Rita"),
            new ReportPatient(patientId, patientName, new DateOnly(1970, 5, 17), "F"),
            [
                new ReportSection("Clinical information", "Headache for three weeks."),
                new ReportSection("Technique", "Axial PD, T2 and FLAIR at 1.5 T."),
                new ReportSection("Findings", FindingsText),
                new ReportSection("Impression", ImpressionText),
            ],
            "rradiologist", "Radiologist^Robin", SignedAt, [],
            new CriticalResultNotice("Dr Ward (ED)", SignedAt.AddMinutes(-5), "read back"));

    /// <summary><paramref name="report"/> with one more signed addendum: the next version, Amended.</summary>
    public static ReportSnapshot WithAddendum(ReportSnapshot report, string text = AddendumText) =>
        report with
        {
            Version = report.Version + 1,
            Status = ReportSnapshotStatus.Amended,
            Addenda = [.. report.Addenda, new ReportAddendum(report.Version + 1, text, "sradiologist", "Second^Sam", report.SignedAt.AddHours(report.Version + 1))],
        };

    /// <summary>A fresh UID under 2.25 (PS3.5 B.2).</summary>
    public static string NewUid() => "2.25." + new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true);
}
