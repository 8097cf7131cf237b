namespace PacsViewer.Core.Archive;

/// <summary>How a DIMSE source retrieves instances (configuration values are matched case-insensitively).</summary>
public enum DimseRetrieveMethod
{
    /// <summary>C-GET (PS3.4 C.4.3): the PACS sends the instances back over our own association. No inbound port needed.</summary>
    Get,

    /// <summary>
    /// C-MOVE (PS3.4 C.4.2) to the app's own receiver (<c>Archive:ReceiverPort</c>), which stores them in the built-in
    /// archive; for PACSes without C-GET. The PACS must know our AE title, host and port.
    /// </summary>
    Move,
}
