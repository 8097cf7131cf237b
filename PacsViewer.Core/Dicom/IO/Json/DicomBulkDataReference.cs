namespace PacsViewer.Core.Dicom.IO.Json;

/// <summary>
/// A value that lives elsewhere, known only by its BulkDataURI (PS3.18 F.2.6): read from DICOM JSON without a
/// resolver for it. It has no bytes here (length 0); <see cref="DicomJsonWriter"/> writes the URI back unchanged.
/// </summary>
public sealed class DicomBulkDataReference(string uri, string tagPath) : DicomValueSource
{
    /// <summary>The BulkDataURI as it was written.</summary>
    public string Uri { get; } = uri;

    /// <summary>Where the element was in the JSON (see <see cref="DicomBulkDataUriProvider"/>).</summary>
    public string TagPath { get; } = tagPath;

    public override long Length => 0;

    /// <summary>True: the bytes are elsewhere, so writers must not take the empty placeholder for the value.</summary>
    public override bool IsDeferred => true;

    /// <summary>Always empty: the bytes were not retrieved.</summary>
    public override ReadOnlyMemory<byte> GetBytes() => ReadOnlyMemory<byte>.Empty;

    /// <summary>Refuses: writing the placeholder would silently lose the value.</summary>
    public override void CopyTo(Stream destination, CancellationToken cancellationToken) => throw NotRetrieved();

    /// <summary>Refuses: the bytes were not retrieved.</summary>
    public override void CopyTo(long offset, Span<byte> destination) => throw NotRetrieved();

    public override Task CopyToAsync(Stream destination, CancellationToken cancellationToken) => Task.FromException(NotRetrieved());

    private InvalidOperationException NotRetrieved() =>
        new($"the value at {TagPath} is only known by its BulkDataURI {Uri}; retrieve it before writing the object");

    public override string ToString() => $"BulkDataURI {Uri}";
}
