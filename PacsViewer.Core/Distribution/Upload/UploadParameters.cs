namespace PacsViewer.Core.Distribution.Upload;

/// <summary>An Upload job's parameters (<see cref="TransferJob.ParametersJson"/>): where the files go.</summary>
/// <param name="Destination">The study source's id: the built-in archive (<c>archive</c>) or an upstream PACS.</param>
public sealed record UploadParameters(string Destination);
