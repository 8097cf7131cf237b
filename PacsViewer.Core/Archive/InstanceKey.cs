namespace PacsViewer.Core.Archive;

/// <summary>The three UIDs that locate one instance in any study source (PS3.18 10.4 resource path).</summary>
public readonly record struct InstanceKey
{
    public InstanceKey(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentException.ThrowIfNullOrEmpty(seriesInstanceUid);
        ArgumentException.ThrowIfNullOrEmpty(sopInstanceUid);
        StudyInstanceUid = studyInstanceUid;
        SeriesInstanceUid = seriesInstanceUid;
        SopInstanceUid = sopInstanceUid;
    }

    public string StudyInstanceUid { get; }

    public string SeriesInstanceUid { get; }

    public string SopInstanceUid { get; }
}
