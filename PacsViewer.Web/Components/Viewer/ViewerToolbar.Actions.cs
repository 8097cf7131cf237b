using Microsoft.AspNetCore.Components;

namespace PacsViewer.Web.Components.Viewer;

public sealed partial class ViewerToolbar
{
    /// <summary>Buttons of other features (export, send) shown at the toolbar's end, before Help.</summary>
    [Parameter]
    public RenderFragment? ExtraActions { get; set; }
}
