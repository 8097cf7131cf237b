namespace PacsViewer.Core.Viewing;

/// <summary>One image of a viewer stack: frame <see cref="Frame"/> (1-based) of <see cref="Instance"/>, with that frame's geometry.</summary>
public sealed record StackImage(InstanceModel Instance, int Frame, FrameGeometry Geometry);
