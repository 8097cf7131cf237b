namespace PacsViewer.Core.Distribution.Export;

/// <summary>What a <see cref="StudyZipWriter"/> wrote.</summary>
/// <param name="Flagged">Labels of the objects flagged for burned-in annotation (skipped or, if chosen, included).</param>
public sealed record StudyZipResult(int Written, int Skipped, int Failed, long DicomBytes, IReadOnlyList<string> Flagged);
