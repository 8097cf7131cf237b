using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Reporting.Delivery;
using PacsViewer.Core.Reporting.Export;
using PacsViewer.Core.Viewing.StructuredReports;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Reporting.Delivery;

/// <summary>The report delivery outbox on each provider: backoff, persistence across a restart, the snapshot sent.</summary>
public abstract class ReportDeliveryQueueTests : AppDatabaseTestBase
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(30);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Reporting:Delivery:BaseDelay", "00:00:30"), new("Reporting:Delivery:MaxDelay", "00:10:00"), new("Reporting:Delivery:MaxAttempts", "3")];

    private async Task<Guid> SignFinalAsync(string uid = "1.2.826.0.8.1")
    {
        var study = await AddStudyAsync(uid, "DOE^JANE", "PAT-8", "20240315", "CT", "ACC-8", "CT CHEST", "19800506");
        var reports = Get<ReportService>();
        var draft = await reports.OpenForEditingAsync(study, Radiologist, new ReportContent("Cough.", "", "", "Nodule 4 mm.", "Follow-up."));
        await reports.SignAsync(draft.Id, draft.RowVersion, ReportStatus.Final, Password, Radiologist);
        return draft.Id;
    }

    [Fact]
    public async Task ProcessDueAsync_FailsTwiceThenSucceeds_BacksOffKeepsTheRowAcrossARestartAndSendsOnce()
    {
        var reportId = await SignFinalAsync();
        var signedAt = Clock.GetUtcNow();
        var delivery = new ScriptedDelivery(failures: 2);

        Assert.Equal(1, await Get<ReportDeliveryQueue>().ProcessDueAsync(delivery));
        var afterFirst = Assert.Single(await Get<ReportDeliveryQueue>().GetForReportAsync(reportId));
        Assert.Equal((DeliveryStatus.Pending, 1, signedAt + Base), (afterFirst.Status, afterFirst.Attempts, afterFirst.NextAttemptAt));
        Assert.Contains("refused the connection (call 1)", afterFirst.LastError, StringComparison.Ordinal);

        // Not due yet: nothing is attempted.
        Clock.Advance(Base - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await Get<ReportDeliveryQueue>().ProcessDueAsync(delivery));

        // The server restarts: the row is still there and is retried by the new instance.
        await RestartAsync();
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Get<ReportDeliveryQueue>().ProcessDueAsync(delivery));
        var afterSecond = Assert.Single(await Get<ReportDeliveryQueue>().GetForReportAsync(reportId));
        Assert.Equal((DeliveryStatus.Pending, 2, Clock.GetUtcNow() + 2 * Base), (afterSecond.Status, afterSecond.Attempts, afterSecond.NextAttemptAt));
        Assert.Contains("(call 2)", afterSecond.LastError, StringComparison.Ordinal);

        Clock.Advance(2 * Base);
        Assert.Equal(1, await Get<ReportDeliveryQueue>().ProcessDueAsync(delivery));
        Assert.Equal(0, await Get<ReportDeliveryQueue>().ProcessDueAsync(delivery));

        var sent = Assert.Single(await Get<ReportDeliveryQueue>().GetForReportAsync(reportId));
        Assert.Equal((DeliveryStatus.Sent, 3, null, Clock.GetUtcNow()), (sent.Status, sent.Attempts, sent.LastError, sent.SentAt));
        Assert.Equal(3, delivery.Calls);
        var snapshot = Assert.Single(delivery.Received);
        Assert.Equal((reportId, 1, ReportSnapshotStatus.Final), (snapshot.ReportId, snapshot.Version, snapshot.Status));
        Assert.Equal(new ReportStudy(Source, "1.2.826.0.8.1", "ACC-8", "S1", new DateOnly(2024, 3, 15), "CT CHEST", null), snapshot.Study);
        Assert.Equal(new ReportPatient("PAT-8", "DOE^JANE", new DateOnly(1980, 5, 6), "F"), snapshot.Patient);
        Assert.Equal([new ReportSection("Clinical information", "Cough."), new ReportSection("Findings", "Nodule 4 mm."), new ReportSection("Impression", "Follow-up.")],
            snapshot.Sections);
        Assert.Equal(("radiologist", "Dr Demo Radiologist", signedAt), (snapshot.AuthorUserName, snapshot.AuthorDisplayName, snapshot.SignedAt));
        Assert.Empty(snapshot.Addenda);
        Assert.Null(snapshot.Critical);
    }

    [Fact]
    public async Task ProcessDueAsync_Addendum_SendsAmendedSnapshotWithAddendaSoFar()
    {
        var reportId = await SignFinalAsync();
        await Get<ReportService>().RecordCriticalResultAsync(reportId, "Dr Ward", Clock.GetUtcNow(), null, Radiologist);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var addendumAt = Clock.GetUtcNow();
        await Get<ReportService>().AddAddendumAsync(reportId, "Left, not right.", Password, Radiologist2);
        var delivery = new ScriptedDelivery(failures: 0);

        Assert.Equal(2, await Get<ReportDeliveryQueue>().ProcessDueAsync(delivery));

        Assert.Equal([(1, ReportSnapshotStatus.Final, 0), (2, ReportSnapshotStatus.Amended, 1)],
            delivery.Received.Select(s => (s.Version, s.Status, s.Addenda.Count)));
        Assert.Equal(new PacsViewer.Core.Reporting.Export.ReportAddendum(2, "Left, not right.", "radiologist2", "Dr Second Radiologist", addendumAt), delivery.Received[1].Addenda[0]);
        Assert.Equal("Dr Ward", delivery.Received[1].Critical!.CommunicatedTo);
    }

    [Fact]
    public async Task ProcessDueAsync_AlwaysFailing_MarkedFailedAfterMaxAttemptsKeptAndAdminCanRetry()
    {
        var reportId = await SignFinalAsync();
        var delivery = new ScriptedDelivery(failures: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, await Get<ReportDeliveryQueue>().ProcessDueAsync(delivery));
            Clock.Advance(TimeSpan.FromMinutes(10));
        }

        var failed = Assert.Single(await Get<ReportDeliveryQueue>().GetUnsentAsync());
        Assert.Equal((DeliveryStatus.Failed, 3), (failed.Status, failed.Attempts));
        Assert.Contains("(call 3)", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(0, await Get<ReportDeliveryQueue>().ProcessDueAsync(delivery));

        await Assert.ThrowsAsync<ReportAccessDeniedException>(() => Get<ReportDeliveryQueue>().RetryNowAsync(failed.Id, Radiologist));
        Assert.True(await Get<ReportDeliveryQueue>().RetryNowAsync(failed.Id, Admin));
        Assert.Equal(1, await Get<ReportDeliveryQueue>().ProcessDueAsync(delivery));
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await Get<ReportDeliveryQueue>().GetForReportAsync(reportId)).Status);
        Assert.Empty(await Get<ReportDeliveryQueue>().GetUnsentAsync());
    }

    [Fact]
    public async Task ProcessDueAsync_RegisteredDelivery_StoresTheSignedReportAsSrInTheBuiltInArchive()
    {
        // End to end: sign-off writes the outbox row, the app's own IReportDelivery (PacsReportDelivery) sends the
        // Basic Text SR to the study's source, here the built-in archive, where it is read back.
        var archive = Get<LocalArchive>();
        await archive.InitializeAsync();
        Assert.Equal(Source, archive.Id);
        const string study = "1.2.826.0.8.2";
        var reportId = await SignFinalAsync(study);

        Assert.Equal(1, await Get<ReportDeliveryQueue>().ProcessDueAsync(Get<IReportDelivery>()));

        var state = Assert.Single(await Get<ReportDeliveryQueue>().GetForReportAsync(reportId));
        Assert.Equal((DeliveryStatus.Sent, 1, null), (state.Status, state.Attempts, state.LastError));
        var stored = await archive.GetInstanceAsync(new InstanceKey(study, ReportDocumentUids.SeriesInstanceUid(study),
            ReportDocumentUids.SopInstanceUid(reportId, 1)));
        Assert.Equal(("DOE^JANE", "PAT-8", "ACC-8"), (stored.Dataset.GetString(DicomTags.PatientName), stored.Dataset.GetString(DicomTags.PatientID),
            stored.Dataset.GetString(DicomTags.AccessionNumber)));
        Assert.Equal("VERIFIED", stored.Dataset.GetString(DicomTags.VerificationFlag));
        var text = SrDocumentReader.Read(stored.Dataset).Text;
        Assert.Contains("Nodule 4 mm.", text, StringComparison.Ordinal);
        Assert.Contains("Follow-up.", text, StringComparison.Ordinal);
    }
}
