using PacsViewer.Core.Archive.Local;

namespace PacsViewer.Core.Archive;

/// <summary>
/// Where a DIMSE source in <see cref="DimseRetrieveMethod.Move"/> mode asks the PACS to send instances: the AE title of
/// our receiver, which hands each instance to <paramref name="Archive"/> before answering success, so the instances
/// are in the archive when the C-MOVE completes.
/// </summary>
public sealed record DimseMoveTarget(string DestinationAeTitle, LocalArchive Archive);
