namespace PacsViewer.Web.Worklist;

/// <summary>
/// Viewer addresses: <c>/viewer/{source}/{study}</c>, with <c>?prior={source}/{study}</c> to compare with a prior study.
/// Only source ids and UIDs go in the URL, never patient data.
/// </summary>
public static class ViewerLinks
{
    public static string Study(string sourceId, string studyInstanceUid) =>
        $"viewer/{Uri.EscapeDataString(sourceId)}/{Uri.EscapeDataString(studyInstanceUid)}";

    public static string WithPrior(string sourceId, string studyInstanceUid, string priorSourceId, string priorStudyInstanceUid) =>
        $"{Study(sourceId, studyInstanceUid)}?prior={Uri.EscapeDataString(PriorValue(priorSourceId, priorStudyInstanceUid))}";

    /// <summary>The value of the <c>prior</c> query parameter.</summary>
    public static string PriorValue(string priorSourceId, string priorStudyInstanceUid) => $"{priorSourceId}/{priorStudyInstanceUid}";

    /// <summary>
    /// Splits a <c>prior</c> value into source and study at its last slash (a UID has none); false for a value that
    /// is not "source/uid".
    /// </summary>
    public static bool TryParsePrior(string? value, out string sourceId, out string studyInstanceUid)
    {
        sourceId = "";
        studyInstanceUid = "";
        var slash = value?.LastIndexOf('/') ?? -1;
        if (value is null || slash <= 0 || slash == value.Length - 1)
        {
            return false;
        }
        sourceId = value[..slash];
        studyInstanceUid = value[(slash + 1)..];
        return true;
    }
}
