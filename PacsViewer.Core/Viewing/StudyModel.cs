namespace PacsViewer.Core.Viewing;

/// <summary>
/// The viewer's study model: the patient and study attributes of <see cref="StudySummary"/>, the series in series
/// number order and the window presets of each modality present (<see cref="WindowPresets"/>).
/// </summary>
public sealed record StudyModel(
    string StudyInstanceUid,
    string? PatientName,
    string? PatientId,
    string? PatientBirthDate,
    string? PatientSex,
    string? StudyDate,
    string? StudyTime,
    string? AccessionNumber,
    string? Description,
    IReadOnlyList<string> Modalities,
    int? SeriesCount,
    int? InstanceCount,
    IReadOnlyList<SeriesModel> Series,
    IReadOnlyDictionary<string, IReadOnlyList<WindowPreset>> Presets);
