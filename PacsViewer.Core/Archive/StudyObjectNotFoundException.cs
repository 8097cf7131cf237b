namespace PacsViewer.Core.Archive;

/// <summary>The source works but does not hold the study, series or instance asked for.</summary>
public sealed class StudyObjectNotFoundException : StudySourceException
{
    public StudyObjectNotFoundException(string sourceId, string message, Exception? innerException = null)
        : base(sourceId, message, innerException)
    {
    }
}
