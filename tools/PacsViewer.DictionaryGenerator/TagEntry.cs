namespace PacsViewer.DictionaryGenerator;

/// <summary>
/// One dictionary row as the generator sees it. <see cref="Tag"/> has the masked bits cleared; for private rows
/// the element holds only its low byte (PS3.5 7.8.1).
/// </summary>
internal sealed record TagEntry(
    uint Tag,
    uint Mask,
    string VR,
    string AlternateVR,
    string Keyword,
    string VM,
    bool Retired,
    string? PrivateCreator)
{
    public string Name { get; set; } = "";
}
