namespace PacsViewer.Core.Viewing;

/// <summary>One series of the viewer's study model; an image series' instances are in display order (see <see cref="StackOrder"/>).</summary>
/// <param name="BodyPart">Body Part Examined (0018,0015), e.g. CHEST: picks the report templates for the study.</param>
public sealed record SeriesModel(
    string SeriesInstanceUid,
    string? Modality,
    int? SeriesNumber,
    string? Description,
    string? FrameOfReferenceUid,
    SeriesKind Kind,
    string KindDescription,
    IReadOnlyList<InstanceModel> Instances,
    string? BodyPart = null);
