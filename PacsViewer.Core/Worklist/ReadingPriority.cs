namespace PacsViewer.Core.Worklist;

/// <summary>How urgently a study is to be read; ascending order is most urgent first. Stored as its number.</summary>
public enum ReadingPriority
{
    Stat = 0,
    Urgent = 1,
    Routine = 2,
}
