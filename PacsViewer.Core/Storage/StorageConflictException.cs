namespace PacsViewer.Core.Storage;

/// <summary>Another admin changed or deleted the retention rule since it was read: reload and try again.</summary>
public sealed class StorageConflictException(string what, Exception? innerException = null)
    : StorageException($"{what} was changed by someone else; reload it and make your change again", innerException);
