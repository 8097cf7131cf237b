using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Tests.Web;

/// <summary>
/// Puts synthetic studies on a running app's worklist and takes their reports through the real
/// <see cref="ReportService"/> as the demo radiologist (draft, preliminary, Final, addenda).
/// </summary>
internal sealed class ReportSeeder(IServiceProvider services)
{
    public const string Source = "archive";

    public static ClaimsPrincipal User(string userName, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, userName), new Claim(ClaimTypes.Role, role)], "test"));

    public static ClaimsPrincipal Radiologist => User(AppSignIn.Radiologist, PacsRoles.Radiologist);

    private ReportService Reports => services.GetRequiredService<ReportService>();

    public static string NewUid() => "2.25." + new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true);

    public async Task<StudyKey> AddStudyAsync(string uid, string patientName, string patientId, string birthDate = "19700102",
        string studyDate = "20240101", string modalities = "CT", string description = "CT CHEST")
    {
        var study = new DicomDatasetBuilder()
            .Set(DicomTags.StudyInstanceUID, uid)
            .Set(DicomTags.PatientName, patientName)
            .Set(DicomTags.PatientID, patientId)
            .Set(DicomTags.PatientBirthDate, birthDate)
            .Set(DicomTags.PatientSex, "F")
            .Set(DicomTags.StudyDate, studyDate)
            .Set(DicomTags.StudyTime, "101500")
            .Set(DicomTags.AccessionNumber, "ACC" + uid[^8..])
            .Set(DicomTags.StudyDescription, description)
            .Set(DicomTags.ModalitiesInStudy, modalities.Split('\\'))
            .ToDataset();
        await services.GetRequiredService<WorklistSynchronizer>().UpsertAsync(Source, study);
        return new StudyKey(Source, uid);
    }

    /// <summary>A saved draft with <paramref name="findings"/>; the study stays locked by the radiologist.</summary>
    public async Task<ReportView> DraftAsync(StudyKey study, string findings, string impression = "")
    {
        var draft = await Reports.OpenForEditingAsync(study, Radiologist);
        await Reports.SaveAsync(draft.Id, draft.RowVersion, Content(findings, impression), Radiologist);
        return (await Reports.GetForStudyAsync(study, Radiologist))!;
    }

    /// <summary>A draft signed as Preliminary.</summary>
    public async Task<Guid> PreliminaryAsync(StudyKey study, string findings)
    {
        var draft = await DraftAsync(study, findings);
        await Reports.SignAsync(draft.Id, draft.RowVersion, ReportStatus.Preliminary, DemoUserOptions.DefaultPassword, Radiologist);
        return draft.Id;
    }

    /// <summary>A report signed Final, with <paramref name="addenda"/> signed after it (versions 2..).</summary>
    public async Task<Guid> FinalAsync(StudyKey study, string findings, string impression, params string[] addenda)
    {
        var draft = await DraftAsync(study, findings, impression);
        await Reports.SignAsync(draft.Id, draft.RowVersion, ReportStatus.Final, DemoUserOptions.DefaultPassword, Radiologist);
        foreach (var text in addenda)
        {
            await Reports.AddAddendumAsync(draft.Id, text, DemoUserOptions.DefaultPassword, Radiologist);
        }
        return draft.Id;
    }

    private static ReportContent Content(string findings, string impression) =>
        new("Synthetic clinical question.", "Synthetic technique.", "", findings, impression);
}
