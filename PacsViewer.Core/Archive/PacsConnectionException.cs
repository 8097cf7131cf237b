namespace PacsViewer.Core.Archive;

/// <summary>A PACS connection cannot be saved, changed or removed as asked: invalid settings, a name in use, not found, or one from the configuration.</summary>
public class PacsConnectionException : Exception
{
    public PacsConnectionException(string message) : base(message) { }

    public PacsConnectionException(string message, Exception? innerException) : base(message, innerException) { }
}
