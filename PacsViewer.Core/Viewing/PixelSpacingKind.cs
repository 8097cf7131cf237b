using System.Text.Json.Serialization;

namespace PacsViewer.Core.Viewing;

/// <summary>Which attribute gave an instance's pixel spacing: measurements say so, since they differ in meaning (PS3.3 10.7.1.1).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PixelSpacingKind>))]
public enum PixelSpacingKind
{
    /// <summary>Pixel Spacing (0028,0030): in the patient.</summary>
    PixelSpacing,

    /// <summary>Imager Pixel Spacing (0018,1164): at the detector, so a projection radiograph's sizes are magnified.</summary>
    ImagerPixelSpacing,
}
