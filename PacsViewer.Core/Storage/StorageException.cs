namespace PacsViewer.Core.Storage;

/// <summary>A storage, retention or hold action refused: not an admin, invalid input, not found.</summary>
public class StorageException : Exception
{
    public StorageException(string message) : base(message) { }

    public StorageException(string message, Exception? innerException) : base(message, innerException) { }
}
