namespace PacsViewer.Core.Distribution.Export;

/// <summary>The options of an Export job (<see cref="TransferJob.ParametersJson"/>).</summary>
/// <param name="Deidentify">Apply the Basic Application Level Confidentiality Profile (PS3.15 E.2).</param>
/// <param name="Pseudonym">Patient's Name and ID in a de-identified export; null: generated.</param>
/// <param name="IncludeFlagged">Include objects flagged for burned-in annotation (they are skipped otherwise).</param>
public sealed record ExportJobParameters(bool Deidentify = false, string? Pseudonym = null, bool IncludeFlagged = false);
