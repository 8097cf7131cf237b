namespace PacsViewer.Core.Distribution.Send;

/// <summary>
/// The Send handler's part of a job (<see cref="TransferJob.ParametersJson"/>). The source is
/// <see cref="TransferJob.SourceName"/>, the destination <see cref="TransferJob.Destination"/> (both ids of the
/// <see cref="Viewing.StudySourceCatalog"/>, or <c>archive</c>), the study and series the job's own fields.
/// </summary>
public sealed record SendJobParameters
{
    public SendMethod Method { get; init; } = SendMethod.Store;
}
