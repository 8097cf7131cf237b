namespace PacsViewer.Core.Network.Dimse;

/// <summary>
/// An instance a C-STORE receiver has made durable: a complete Part 10 file at <see cref="Path"/> (a name the
/// receiver generated), who sent it and its identity from the C-STORE-RQ.
/// </summary>
public sealed record ReceivedInstance(string Path, string CallingAeTitle, string CalledAeTitle, string SopClassUid, string SopInstanceUid, string TransferSyntaxUid);
