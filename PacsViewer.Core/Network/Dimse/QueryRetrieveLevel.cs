namespace PacsViewer.Core.Network.Dimse;

/// <summary>Query/Retrieve Level (0008,0052) (PS3.4 C.6).</summary>
public enum QueryRetrieveLevel
{
    Patient,
    Study,
    Series,
    Image,
}
