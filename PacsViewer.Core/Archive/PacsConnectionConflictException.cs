namespace PacsViewer.Core.Archive;

/// <summary>Someone else changed or removed the PACS connection since it was read (its <see cref="PacsConnection.Version"/> moved on): reload and try again.</summary>
public sealed class PacsConnectionConflictException(string name, Exception? innerException = null)
    : PacsConnectionException($"PACS connection {name} was changed by someone else; reload it and make your change again", innerException)
{
    public string Name { get; } = name;
}
