namespace PacsViewer.Core.Network.Dimse;

/// <summary>Query/Retrieve information models (PS3.4 C.6.1 Patient Root, C.6.2 Study Root).</summary>
public enum QueryRetrieveModel
{
    PatientRoot,
    StudyRoot,
}
