namespace PacsViewer.Core.Worklist;

/// <summary>Where a study is in its reading (issue 6). Stored as its number; never renumber.</summary>
public enum ReadingStatus
{
    Unread = 0,
    InProgress = 1,
    Preliminary = 2,
    Final = 3,
    Amended = 4,
}
