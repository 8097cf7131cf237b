namespace PacsViewer.Core.Distribution.Send;

/// <summary>
/// A destination a study of one source may be sent to: its id and kind (<c>archive</c>, <c>dicomweb</c>, <c>dimse</c>),
/// how a Store reaches it (C-STORE, STOW-RS, a copy into the archive) and whether a C-MOVE can (a DIMSE source and destination).
/// </summary>
public sealed record SendDestinationChoice(string Id, string Kind, string StoreProtocol, bool CanMove);
