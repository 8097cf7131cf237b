using System.Text.Json.Serialization;

namespace PacsViewer.Core.Distribution.Send;

/// <summary>How a Send job gets the objects to the destination.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SendMethod>))]
public enum SendMethod
{
    /// <summary>We read each object from the source (built-in archive or retrieval cache) and store it in the destination: C-STORE, STOW-RS or the archive.</summary>
    Store,

    /// <summary>We ask the source PACS (DIMSE) to send the objects itself to the destination's AE title by C-MOVE (PS3.4 C.4.2).</summary>
    Move,
}
