namespace PacsViewer.Core.Distribution.Upload;

/// <summary>A place uploads may go: a study source's id, what to call it, and its kind (archive, dicomweb, dimse).</summary>
public sealed record UploadDestination(string Id, string DisplayName, string Kind);
