using PacsViewer.Core.Archive.Local;

namespace PacsViewer.Core.Archive;

/// <summary>
/// Where a DIMSE source in <see cref="DimseRetrieveMethod.Move"/> mode asks the PACS to send instances: the AE title of
/// our receiver, which hands each instance to <paramref name="Archive"/> before answering success, so the instances
/// are in the archive when the C-MOVE completes. With <paramref name="Router"/> (the one our receiver was given, see
/// <see cref="Network.Dimse.StoreScpOptions.MoveRouter"/>), a series retrieved for the retrieval cache
/// (<see cref="IStagingStudySource.StageSeriesAsync"/>) goes into the cache's folder instead, each sub-operation
/// answered before its fsync, as a C-GET into the cache is.
/// </summary>
public sealed record DimseMoveTarget(string DestinationAeTitle, LocalArchive Archive, Network.Dimse.MoveOriginatorRouter? Router = null);
