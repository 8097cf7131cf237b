using System.Text.Json.Serialization;

namespace PacsViewer.Core.Viewing;

/// <summary>How the viewer shows a series.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SeriesKind>))]
public enum SeriesKind
{
    /// <summary>Frames rendered by the frame endpoint.</summary>
    [JsonStringEnumMemberName("image")]
    Image,

    /// <summary>A structured report shown as text (PS3.3 C.17.3).</summary>
    [JsonStringEnumMemberName("sr")]
    Sr,

    /// <summary>An encapsulated PDF shown inline (PS3.3 C.24.2).</summary>
    [JsonStringEnumMemberName("pdf")]
    Pdf,

    /// <summary>Something the viewer cannot show; it says what it is instead.</summary>
    [JsonStringEnumMemberName("unsupported")]
    Unsupported,
}
