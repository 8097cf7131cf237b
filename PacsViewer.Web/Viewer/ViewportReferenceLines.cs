namespace PacsViewer.Web.Viewer;

/// <summary>
/// The reference lines for one viewport, and the image ("SOP:frame") they were computed for: the JavaScript viewport
/// draws them only while that image is shown, so a line never lands on a slice it does not belong to.
/// </summary>
public sealed record ViewportReferenceLines(string? Image, IReadOnlyList<ViewportReferenceLine> Lines)
{
    public static ViewportReferenceLines None { get; } = new(null, []);
}
