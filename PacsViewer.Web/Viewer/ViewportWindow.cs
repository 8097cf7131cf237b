namespace PacsViewer.Web.Viewer;

/// <summary>A window of an image for the JavaScript viewport: center and width in modality values.</summary>
public sealed record ViewportWindow(double Center, double Width);
