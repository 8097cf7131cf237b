namespace PacsViewer.Core.Dicom.Dictionary;

/// <summary>The UID types of the registry in PS3.6 Annex A (Table A-1 "UID Type" column).</summary>
public enum DicomUidType
{
    Other = 0,
    TransferSyntax,
    SopClass,
    MetaSopClass,
    WellKnownSopInstance,
    WellKnownFrameOfReference,
    CodingScheme,
    ApplicationContextName,
    ServiceClass,
    LdapOid,
    SynchronizationFrameOfReference,
    ApplicationHostingModel,
    MappingResource,
}
