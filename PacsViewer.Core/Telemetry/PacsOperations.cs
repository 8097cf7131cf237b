namespace PacsViewer.Core.Telemetry;

/// <summary>The operation names of PACS round trips (DIMSE services, PS3.7 9.1; DICOMweb services, PS3.18 10).</summary>
public static class PacsOperations
{
    public const string Find = "C-FIND";
    public const string Get = "C-GET";
    public const string Move = "C-MOVE";
    public const string Echo = "C-ECHO";
    public const string Store = "C-STORE";
    public const string Qido = "QIDO";
    public const string Wado = "WADO";
    public const string Stow = "STOW";
}
