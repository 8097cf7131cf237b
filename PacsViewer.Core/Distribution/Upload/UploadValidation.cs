using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Distribution.Upload;

/// <summary>
/// What <see cref="UploadValidator"/> found: a storable object (<see cref="File"/>, its values left in the staged file),
/// a file to skip on purpose (a DICOMDIR), or a refusal with its <see cref="Reason"/>.
/// </summary>
public sealed record UploadValidation(DicomFile? File, string? Reason, bool Skip = false)
{
    public bool IsValid => File is not null && Reason is null;

    public static UploadValidation Valid(DicomFile file) => new(file, null);

    public static UploadValidation Invalid(string reason) => new(null, reason);
}
