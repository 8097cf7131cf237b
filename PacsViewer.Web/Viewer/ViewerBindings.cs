using MudBlazor;

namespace PacsViewer.Web.Viewer;

/// <summary>
/// The viewer's tools and every mouse, touch and keyboard binding, as the help panel lists them. The bindings
/// themselves live in wwwroot/js/viewport-input.js; keep the two in step.
/// </summary>
public static class ViewerBindings
{
    public const string WindowTool = "window";
    public const string ZoomTool = "zoom";
    public const string PanTool = "pan";
    public const string ScrollTool = "scroll";
    public const string LengthTool = "length";
    public const string AngleTool = "angle";
    public const string RectangleTool = "rect";
    public const string EllipseTool = "ellipse";
    public const string ArrowTool = "arrow";

    /// <summary>The tools in toolbar order.</summary>
    public static IReadOnlyList<ViewerTool> Tools { get; } =
    [
        new(WindowTool, "Window/level", "W", Icons.Material.Filled.Contrast, "drag right/left: wider/narrower window; down/up: higher/lower level"),
        new(ZoomTool, "Zoom", "Z", Icons.Material.Filled.ZoomIn, "drag up/down: zoom in/out at the pointer"),
        new(PanTool, "Pan", "P", Icons.Material.Filled.PanTool, "drag: move the image"),
        new(ScrollTool, "Scroll", "S", Icons.Material.Filled.Layers, "drag up/down: previous/next slice"),
        new(LengthTool, "Length", "L", Icons.Material.Filled.Straighten, "drag: a distance in mm (from Pixel Spacing)"),
        new(AngleTool, "Angle", "A", Icons.Material.Filled.ChangeHistory, "drag the first arm to the vertex, then click the end of the second"),
        new(RectangleTool, "Rectangle ROI", "B", Icons.Material.Filled.CropSquare, "drag: mean, SD, min, max in modality units"),
        new(EllipseTool, "Ellipse ROI", "E", Icons.Material.Filled.PanoramaFishEye, "drag: mean, SD, min, max in modality units"),
        new(ArrowTool, "Text arrow", "T", Icons.Material.Filled.NorthWest, "drag from the tip, then type the text in the viewport's field and press Enter"),
    ];

    /// <summary>Every binding of a viewport, for the help panel.</summary>
    public static IReadOnlyList<ViewerBinding> Bindings { get; } =
    [
        new("Click or tap a viewport", "make it the active viewport (blue border)"),
        new("Click or tap a series thumbnail", "show the series in the active viewport"),
        new("Drag a series thumbnail onto a viewport", "show the series in that viewport"),
        new("Left drag (one finger)", "the selected tool"),
        new("Right drag", "zoom"),
        new("Middle drag, Shift + left drag", "pan"),
        new("Mouse wheel", "next / previous slice"),
        new("Ctrl + wheel", "zoom at the pointer"),
        new("Two-finger pinch", "zoom and pan"),
        new("Slider under the image", "go to a slice"),
        new("Arrow Down, Arrow Right, Page Down", "next slice"),
        new("Arrow Up, Arrow Left, Page Up", "previous slice"),
        new("Space", "start / stop cine"),
        new("1 to 9", "window preset of that number"),
        new("I", "invert"),
        new("R / Shift + R", "rotate right / left"),
        new("H / V", "flip horizontally / vertically"),
        new("F", "fit to the viewport"),
        new("X", "actual size (1:1, one image pixel per screen pixel)"),
        new("0", "reset window, zoom, rotation and flips"),
        new("Esc", "cancel the measurement being drawn"),
        new("Text arrow: Enter or OK / Esc or Cancel", "place the arrow with the text typed in the viewport's field / drop it"),
        new("Layout buttons (toolbar)", "1x1, 1x2, 2x1 or 2x2 viewports"),
        new("Presets menu (toolbar)", "window presets of the active viewport's modality"),
        new("fps field (toolbar)", "cine frame rate (default from the series' Frame Time)"),
        new("Link button (toolbar)", "synchronised scrolling of viewports in one Frame of Reference (on by default for parallel stacks)"),
        new("Reference lines (no input)", "dashed lines where the other viewports' slices cut this image (same Frame of Reference, planes not parallel)"),
        new("W Z P S L A B E T", "select a tool (see the toolbar)"),
    ];
}
