using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>The storage SOP classes (PS3.4 B.5) and transfer syntaxes a receiver accepts unless told otherwise.</summary>
public static class StorageSopClasses
{
    /// <summary>Common image, SR, PDF and presentation state storage SOP classes.</summary>
    public static IReadOnlyList<string> Common { get; } =
    [
        DicomUids.ComputedRadiographyImageStorage,
        DicomUids.DigitalXRayImageStorageForPresentation,
        DicomUids.DigitalXRayImageStorageForProcessing,
        DicomUids.DigitalMammographyXRayImageStorageForPresentation,
        DicomUids.DigitalMammographyXRayImageStorageForProcessing,
        DicomUids.CTImageStorage,
        DicomUids.EnhancedCTImageStorage,
        DicomUids.MRImageStorage,
        DicomUids.EnhancedMRImageStorage,
        DicomUids.UltrasoundImageStorage,
        DicomUids.UltrasoundMultiFrameImageStorage,
        DicomUids.SecondaryCaptureImageStorage,
        DicomUids.MultiFrameGrayscaleByteSecondaryCaptureImageStorage,
        DicomUids.MultiFrameGrayscaleWordSecondaryCaptureImageStorage,
        DicomUids.MultiFrameTrueColorSecondaryCaptureImageStorage,
        DicomUids.XRayAngiographicImageStorage,
        DicomUids.XRayRadiofluoroscopicImageStorage,
        DicomUids.NuclearMedicineImageStorage,
        DicomUids.PositronEmissionTomographyImageStorage,
        DicomUids.EnhancedPETImageStorage,
        DicomUids.RTImageStorage,
        DicomUids.RTDoseStorage,
        DicomUids.RTStructureSetStorage,
        DicomUids.RTPlanStorage,
        DicomUids.BreastTomosynthesisImageStorage,
        DicomUids.VLPhotographicImageStorage,
        DicomUids.GrayscaleSoftcopyPresentationStateStorage,
        DicomUids.KeyObjectSelectionDocumentStorage,
        DicomUids.BasicTextSRStorage,
        DicomUids.EnhancedSRStorage,
        DicomUids.ComprehensiveSRStorage,
        DicomUids.EncapsulatedPDFStorage,
    ];

    /// <summary>Uncompressed first (explicit, then implicit VR little endian), then the compressed syntaxes we can decode.</summary>
    public static IReadOnlyList<string> TransferSyntaxes { get; } =
    [
        DicomTransferSyntax.ExplicitVRLittleEndian.Uid,
        DicomTransferSyntax.ImplicitVRLittleEndian.Uid,
        DicomTransferSyntax.JpegBaseline8Bit.Uid,
        DicomTransferSyntax.JpegExtended12Bit.Uid,
        DicomTransferSyntax.JpegLossless.Uid,
        DicomTransferSyntax.JpegLosslessSV1.Uid,
        DicomTransferSyntax.JpegLSLossless.Uid,
        DicomTransferSyntax.JpegLSNearLossless.Uid,
        DicomTransferSyntax.Jpeg2000Lossless.Uid,
        DicomTransferSyntax.Jpeg2000.Uid,
        DicomTransferSyntax.RleLossless.Uid,
    ];
}
