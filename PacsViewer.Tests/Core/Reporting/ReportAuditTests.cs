using PacsViewer.Core.Audit;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Reporting;

/// <summary>
/// The audit records of reporting, on each provider: sign-offs, addenda and critical results (written in the same
/// transaction as the change, so a refused change leaves none), and template and phrase changes.
/// </summary>
public abstract class ReportAuditTests : AppDatabaseTestBase
{
    private const string Uid = "1.2.826.0.7.9";

    private async Task<AuditEvent[]> RecordsAsync(string action) =>
        (await Get<AuditQueryService>().SearchAsync(new AuditQuery { Actions = [action] })).Rows.Reverse().ToArray();

    private async Task<ReportView> DraftAsync()
    {
        var study = await AddStudyAsync(Uid, patientName: "AUDIT^PAT", patientId: "PA-1");
        var reports = Get<ReportService>();
        var draft = await reports.OpenForEditingAsync(study, Radiologist);
        await reports.SaveAsync(draft.Id, draft.RowVersion, new ReportContent("Q.", "T.", "", "Synthetic findings.", "Synthetic impression."), Radiologist);
        return (await reports.GetForStudyAsync(study, Radiologist))!;
    }

    private static void AssertReportRecord(AuditEvent row, Guid reportId, string detail)
    {
        Assert.Equal((AuditOutcome.Success, "radiologist", PacsRoles.Radiologist, Source, Uid, "PA-1", "AUDIT^PAT"),
            (row.Outcome, row.UserName, row.UserRoles, row.SourceName, row.StudyInstanceUid, row.PatientId, row.PatientName));
        Assert.Equal((AuditObjectTypes.Report, reportId.ToString("D"), detail), (row.ObjectType, row.ObjectId, row.Detail));
    }

    [Fact]
    public async Task SignAsync_PreliminaryThenFinal_OneReportSignedRecordEachWithPatientAndStudy()
    {
        var draft = await DraftAsync();
        var reports = Get<ReportService>();

        var v = await reports.SignAsync(draft.Id, draft.RowVersion, ReportStatus.Preliminary, Password, Radiologist);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await reports.SignAsync(draft.Id, v, ReportStatus.Final, Password, Radiologist);

        var rows = await RecordsAsync(AuditActions.ReportSigned);
        Assert.Equal(2, rows.Length);
        AssertReportRecord(rows[0], draft.Id, "signed Preliminary");
        AssertReportRecord(rows[1], draft.Id, "signed Final");
        Assert.Equal(Clock.GetUtcNow(), rows[1].OccurredAt);
    }

    [Fact]
    public async Task SignAsync_WrongPassword_NotSignedAndNoSignedRecord()
    {
        var draft = await DraftAsync();

        await Assert.ThrowsAsync<SignatureRejectedException>(() =>
            Get<ReportService>().SignAsync(draft.Id, draft.RowVersion, ReportStatus.Final, "wrong-password", Radiologist));

        Assert.Empty(await RecordsAsync(AuditActions.ReportSigned));
        Assert.Equal(ReportStatus.Draft, (await Get<ReportService>().GetForStudyAsync(new StudyKey(Source, Uid), Radiologist))!.Status);
    }

    [Fact]
    public async Task AddAddendumAsync_FinalReport_RecordsAddendumWithItsVersionButNotItsText()
    {
        var draft = await DraftAsync();
        var reports = Get<ReportService>();
        await reports.SignAsync(draft.Id, draft.RowVersion, ReportStatus.Final, Password, Radiologist);

        await reports.AddAddendumAsync(draft.Id, "Synthetic addendum text.", Password, Radiologist);

        var row = Assert.Single(await RecordsAsync(AuditActions.ReportAddendum));
        AssertReportRecord(row, draft.Id, "addendum signed as version 2");
        Assert.DoesNotContain("Synthetic", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordCriticalResultAsync_Report_RecordsWhoAndWhichReportNotTheRecipient()
    {
        var draft = await DraftAsync();

        await Get<ReportService>().RecordCriticalResultAsync(draft.Id, "Dr Synthetic Ward", Clock.GetUtcNow(), "called", Radiologist);

        var row = Assert.Single(await RecordsAsync(AuditActions.CriticalResultRecorded));
        AssertReportRecord(row, draft.Id, "critical result communicated");
    }

    [Fact]
    public async Task TemplateAndPhraseChanges_EachAuditedAsConfigurationChangedByTheAdmin()
    {
        var templates = Get<ReportTemplateService>();
        var content = new ReportContent("", "Axial CT.", "", "Synthetic template text.", "");

        var id = await templates.SaveTemplateAsync(0, "CT chest", "ct", "chest", content, Admin);
        await templates.SaveTemplateAsync(id, "CT chest v2", "ct", null, content, Admin);
        Assert.True(await templates.DeleteTemplateAsync(id, Admin));
        Assert.False(await templates.DeleteTemplateAsync(id, Admin));
        var phrase = await templates.SavePhraseAsync(0, "Normal lungs", "Synthetic phrase text.", null, Admin);
        Assert.True(await templates.DeletePhraseAsync(phrase, Admin));

        var rows = await RecordsAsync(AuditActions.ConfigurationChanged);
        Assert.All(rows, r => Assert.Equal(("admin", PacsRoles.Admin, AuditOutcome.Success), (r.UserName, r.UserRoles, r.Outcome)));
        Assert.Equal(
        [
            (AuditObjectTypes.ReportTemplate, id.ToString(System.Globalization.CultureInfo.InvariantCulture), "template created: CT chest (CT, CHEST)"),
            (AuditObjectTypes.ReportTemplate, id.ToString(System.Globalization.CultureInfo.InvariantCulture), "template changed: CT chest v2 (CT, any body part)"),
            (AuditObjectTypes.ReportTemplate, id.ToString(System.Globalization.CultureInfo.InvariantCulture), "template deleted: CT chest v2"),
            (AuditObjectTypes.ReportPhrase, phrase.ToString(System.Globalization.CultureInfo.InvariantCulture), "phrase created: Normal lungs (any modality)"),
            (AuditObjectTypes.ReportPhrase, phrase.ToString(System.Globalization.CultureInfo.InvariantCulture), "phrase deleted: Normal lungs"),
        ], rows.Select(r => (r.ObjectType, r.ObjectId, r.Detail)));
        Assert.DoesNotContain(rows, r => r.Detail!.Contains("Synthetic", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SaveTemplateAsync_NotAnAdmin_RefusedAndNothingRecorded()
    {
        await Assert.ThrowsAsync<ReportAccessDeniedException>(() =>
            Get<ReportTemplateService>().SaveTemplateAsync(0, "CT chest", "CT", null, ReportContent.Empty, Radiologist));

        Assert.Empty(await RecordsAsync(AuditActions.ConfigurationChanged));
    }
}
