namespace PacsViewer.Core.Archive;

/// <summary>
/// A study source failed: it was unreachable, refused the request, timed out or answered something we cannot read.
/// The message says which source and what to try; it carries no patient data.
/// </summary>
public class StudySourceException : Exception
{
    public StudySourceException(string sourceId, string message, Exception? innerException = null)
        : base($"{sourceId}: {message}", innerException)
    {
        SourceId = sourceId;
    }

    /// <summary>The <see cref="IStudySource.Id"/> of the failing source.</summary>
    public string SourceId { get; }
}
