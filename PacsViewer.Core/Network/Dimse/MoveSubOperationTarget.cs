namespace PacsViewer.Core.Network.Dimse;

/// <summary>
/// Where our receiver puts the C-STORE sub-operations of one of our own C-MOVEs (see <see cref="MoveOriginatorRouter"/>):
/// each object is written to a temporary file in <paramref name="Directory"/> (same file system as its new owner, which
/// renames it), not fsync'ed, and handed to <paramref name="OnReceived"/> before success is answered. For a retrieval
/// cache, which makes the file durable itself and is not the archive of record (the PACS keeps the object).
/// </summary>
/// <param name="Directory">The folder the files are written to.</param>
/// <param name="SenderAeTitle">The calling AE title the sub-operations must come from (the PACS we asked); null accepts any.</param>
/// <param name="OnReceived">Takes the file over (moves or deletes it); when it throws, the sub-operation fails and the file is deleted.</param>
public sealed record MoveSubOperationTarget(string Directory, string? SenderAeTitle, Func<ReceivedInstance, CancellationToken, Task> OnReceived);
