using PacsViewer.Core.Worklist;

namespace PacsViewer.Web.Patients;

/// <summary>How a study's report status reads in the ward search.</summary>
public static class ReportStatusLabel
{
    public const string NotReported = "Not reported yet";

    /// <summary>
    /// Clinicians learn only whether a Final (or Amended) report exists: "Final", "Amended" or "Not reported yet",
    /// never that a draft is under way. Radiologists and admins see the reading status itself.
    /// </summary>
    public static string For(PatientStudy study, bool seesReadingState)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (study.HasFinalReport)
        {
            return study.Study.Status == ReadingStatus.Amended ? "Amended" : "Final";
        }
        return seesReadingState ? study.Study.Status switch
        {
            ReadingStatus.InProgress => "In progress",
            ReadingStatus.Unread => "Unread",
            var other => other.ToString(),
        } : NotReported;
    }
}
