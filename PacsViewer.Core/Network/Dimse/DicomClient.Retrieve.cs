using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Network.UpperLayer;
using PacsViewer.Core.Telemetry;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>C-MOVE and C-GET as service user (PS3.4 C.4.2, C.4.3; PS3.7 9.1.3, 9.1.4).</summary>
public sealed partial class DicomClient
{
    /// <summary>
    /// Asks the peer to send the matching instances to <paramref name="destinationAeTitle"/> (e.g. our own
    /// receiver), reporting sub-operation counts from each pending response. Cancelling sends C-CANCEL-RQ.
    /// </summary>
    public Task<RetrieveResult> MoveAsync(DicomPeer peer, QueryRetrieveModel model, QueryRetrieveLevel level, DicomDataset identifier,
        string destinationAeTitle, IProgress<SubOperationProgress>? progress, CancellationToken cancellationToken) =>
        TimedAsync(PacsOperations.Move, peer, () => MoveUntimedAsync(peer, model, level, identifier, destinationAeTitle, progress, cancellationToken));

    private async Task<RetrieveResult> MoveUntimedAsync(DicomPeer peer, QueryRetrieveModel model, QueryRetrieveLevel level, DicomDataset identifier,
        string destinationAeTitle, IProgress<SubOperationProgress>? progress, CancellationToken cancellationToken)
    {
        var sopClass = model == QueryRetrieveModel.PatientRoot ? DicomUids.PatientRootQueryRetrieveInformationModelMove : DicomUids.StudyRootQueryRetrieveInformationModelMove;
        var channel = await OpenAsync(peer, [new PresentationContext(1, sopClass, Uncompressed)], [], cancellationToken).ConfigureAwait(false);
        return await RetrieveAsync(channel, sopClass, DimseCommandField.CMoveRsp, id => DimseCommands.MoveRequest(id, sopClass, destinationAeTitle),
            WithLevel(identifier, level), null, progress, cancellationToken, messageId: null).ConfigureAwait(false);
    }

    /// <summary>
    /// As <see cref="MoveAsync(DicomPeer, QueryRetrieveModel, QueryRetrieveLevel, DicomDataset, string, IProgress{SubOperationProgress}, CancellationToken)"/>,
    /// the C-MOVE-RQ sent with the Message ID of <paramref name="route"/>, so that our receiver recognises its
    /// sub-operations by their Move Originator Message ID (PS3.7 9.3.1.1) and routes them to the route's target.
    /// </summary>
    public Task<RetrieveResult> MoveAsync(DicomPeer peer, QueryRetrieveModel model, QueryRetrieveLevel level, DicomDataset identifier,
        string destinationAeTitle, MoveRoute route, IProgress<SubOperationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        return TimedAsync(PacsOperations.Move, peer, () => MoveUntimedAsync(peer, model, level, identifier, destinationAeTitle, route, progress, cancellationToken));
    }

    private async Task<RetrieveResult> MoveUntimedAsync(DicomPeer peer, QueryRetrieveModel model, QueryRetrieveLevel level, DicomDataset identifier,
        string destinationAeTitle, MoveRoute route, IProgress<SubOperationProgress>? progress, CancellationToken cancellationToken)
    {
        if (!string.Equals(route.OriginatorAeTitle, Options.CallingAeTitle.Trim(), StringComparison.Ordinal))
        {
            throw new ArgumentException($"the route was opened for {route.OriginatorAeTitle}, this client calls as {Options.CallingAeTitle}", nameof(route));
        }
        var sopClass = model == QueryRetrieveModel.PatientRoot ? DicomUids.PatientRootQueryRetrieveInformationModelMove : DicomUids.StudyRootQueryRetrieveInformationModelMove;
        var channel = await OpenAsync(peer, [new PresentationContext(1, sopClass, Uncompressed)], [], cancellationToken).ConfigureAwait(false);
        return await RetrieveAsync(channel, sopClass, DimseCommandField.CMoveRsp, id => DimseCommands.MoveRequest(id, sopClass, destinationAeTitle),
            WithLevel(identifier, level), null, progress, cancellationToken, messageId: route.MessageId).ConfigureAwait(false);
    }

    /// <summary>
    /// Retrieves the matching instances over this association: the peer sends them as C-STORE sub-operations,
    /// which we accept in the SCP role (PS3.7 D.3.3.4) and write as Part 10 files into <paramref name="outputDirectory"/>
    /// under generated names. Cancelling sends C-CANCEL-RQ.
    /// </summary>
    public Task<RetrieveResult> GetAsync(DicomPeer peer, QueryRetrieveModel model, QueryRetrieveLevel level, DicomDataset identifier,
        string outputDirectory, IProgress<SubOperationProgress>? progress, CancellationToken cancellationToken) =>
        GetAsync(peer, model, level, identifier, outputDirectory, progress, null, cancellationToken);

    /// <summary>
    /// As <see cref="GetAsync(DicomPeer, QueryRetrieveModel, QueryRetrieveLevel, DicomDataset, string, IProgress{SubOperationProgress}, CancellationToken)"/>,
    /// and <paramref name="onInstance"/> is called with each file as soon as it is complete and renamed (its fsync may
    /// still be pending: every file is durable when this method returns), before the sub-operation's success is answered, so a caller can use the first instance before the last arrives. When it throws, the
    /// sub-operation answers a failure status (the file is still listed in the result).
    /// </summary>
    public Task<RetrieveResult> GetAsync(DicomPeer peer, QueryRetrieveModel model, QueryRetrieveLevel level, DicomDataset identifier,
        string outputDirectory, IProgress<SubOperationProgress>? progress, Func<string, CancellationToken, Task>? onInstance, CancellationToken cancellationToken) =>
        GetAsync(peer, model, level, identifier, outputDirectory, progress,
            onInstance is null ? null : (received, ct) => onInstance(received.Path, ct), Options.FlushRetrievedFiles, renameFiles: true, cancellationToken);

    /// <summary>
    /// The C-GET behind the public overloads: <paramref name="onInstance"/> gets each file with its identity from the
    /// C-STORE-RQ (SOP class and instance, transfer syntax); <paramref name="flushFiles"/> says whether the files are
    /// made durable before this returns. Off for a caller that takes every file over and makes it durable itself (the
    /// retrieval cache, which renames the file into place and group-commits its fsync, listing it only once durable).
    /// With <paramref name="renameFiles"/> off a file keeps its temporary name (the caller, which takes it over in
    /// <paramref name="onInstance"/>, renames it once: one journal operation less per instance).
    /// </summary>
    internal Task<RetrieveResult> GetAsync(DicomPeer peer, QueryRetrieveModel model, QueryRetrieveLevel level, DicomDataset identifier,
        string outputDirectory, IProgress<SubOperationProgress>? progress, Func<ReceivedInstance, CancellationToken, Task>? onInstance, bool flushFiles,
        bool renameFiles, CancellationToken cancellationToken) =>
        TimedAsync(PacsOperations.Get, peer, () => GetUntimedAsync(peer, model, level, identifier, outputDirectory, progress, onInstance, flushFiles, renameFiles, cancellationToken));

    private async Task<RetrieveResult> GetUntimedAsync(DicomPeer peer, QueryRetrieveModel model, QueryRetrieveLevel level, DicomDataset identifier,
        string outputDirectory, IProgress<SubOperationProgress>? progress, Func<ReceivedInstance, CancellationToken, Task>? onInstance, bool flushFiles,
        bool renameFiles, CancellationToken cancellationToken)
    {
        var sopClass = model == QueryRetrieveModel.PatientRoot ? DicomUids.PatientRootQueryRetrieveInformationModelGet : DicomUids.StudyRootQueryRetrieveInformationModelGet;
        var contexts = new List<PresentationContext> { new(1, sopClass, Uncompressed) };
        foreach (var storage in Options.RetrieveSopClasses.Take(127))
        {
            contexts.Add(new PresentationContext((byte)(2 * contexts.Count + 1), storage, StorageSopClasses.TransferSyntaxes));
        }
        var roles = Options.RetrieveSopClasses.Take(127).Select(s => new RoleSelection(s, ScuRole: false, ScpRole: true)).ToArray();
        var channel = await OpenAsync(peer, contexts, roles, cancellationToken).ConfigureAwait(false);
        return await RetrieveAsync(channel, sopClass, DimseCommandField.CGetRsp, id => DimseCommands.GetRequest(id, sopClass),
            WithLevel(identifier, level), outputDirectory, progress, cancellationToken, onInstance, flushFiles, renameFiles).ConfigureAwait(false);
    }

    private async Task<RetrieveResult> RetrieveAsync(DimseChannel channel, string sopClass, ushort responseField, Func<ushort, DicomDataset> request,
        DicomDataset identifier, string? outputDirectory, IProgress<SubOperationProgress>? progress, CancellationToken cancellationToken,
        Func<ReceivedInstance, CancellationToken, Task>? onInstance = null, bool flushFiles = false, bool renameFiles = true, ushort? messageId = null)
    {
        var files = new List<string>();
        var completed = false;
        ushort id = 0;
        // C-GET: each file is fsync'ed by a background flusher while the next one arrives, not before its C-STORE-RSP
        // (one fsync per instance held the peer up: ~10 ms an instance on ext4, 2.6 times getscu's total on 120 slices);
        // every file is durable before the result is returned.
        await using var flusher = outputDirectory is null || !flushFiles ? null : new DurableFlusher();
        try
        {
            var context = RequireContext(channel, sopClass);
            id = messageId ?? channel.NextMessageId(); // one message on this association: any non-zero ID is unique on it
            await channel.SendAsync(new DimseMessage(context, request(id), identifier), cancellationToken).ConfigureAwait(false);
            using var cancel = cancellationToken.Register(() => _ = SendCancelAsync(channel, context, id));
            Func<Task<FinalResponse>> loop = () => ReceiveUntilFinalAsync(channel, responseField, id, outputDirectory, files, flusher, onInstance, renameFiles, progress, cancellationToken);
            var final = outputDirectory is not null && Options.ReceiveOnOwnThread
                ? await channel.Association.RunOnReceiveThreadAsync(loop).ConfigureAwait(false)
                : await loop().ConfigureAwait(false);
            completed = true;
            await channel.Association.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            if (flusher is not null)
            {
                await flusher.CompleteAsync().ConfigureAwait(false); // throws IOException when a file could not be made durable
            }
            cancellationToken.ThrowIfCancellationRequested();
            return new RetrieveResult(final.Message.Status, final.SubOperations, final.Message.ErrorComment, files) { FailedSopInstanceUids = final.FailedInstances ?? [] };
        }
        catch (DimseProtocolException)
        {
            await channel.Association.AbortAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (!completed)
            {
                await channel.Association.AbortAsync(CancellationToken.None).ConfigureAwait(false);
            }
            await channel.Association.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record FinalResponse(DimseMessage Message, SubOperationProgress? SubOperations, IReadOnlyList<string>? FailedInstances);

    /// <summary>
    /// Receives the C-STORE sub-operations (C-GET) and pending responses up to the final response. Its awaits keep
    /// their context: on a <see cref="ReceiveThread"/> they come back to it, so that its reads block there only.
    /// </summary>
    private async Task<FinalResponse> ReceiveUntilFinalAsync(DimseChannel channel, ushort responseField, ushort id, string? outputDirectory, List<string> files,
        DurableFlusher? flusher, Func<ReceivedInstance, CancellationToken, Task>? onInstance, bool renameFiles, IProgress<SubOperationProgress>? progress,
        CancellationToken cancellationToken)
    {
        SubOperationProgress? last = null;
        while (true)
        {
            // Not the caller's token: a cancellation goes out as C-CANCEL-RQ and the peer's final response ends the loop.
            var message = await channel.ReceiveCommandAsync(Options.Association.DimseTimeout, $"the {DimseCommandField.Name(responseField)}", CancellationToken.None).ConfigureAwait(true)
                ?? throw new DimseProtocolException($"the peer released the association before the final {DimseCommandField.Name(responseField)}");
            if (message.CommandField == DimseCommandField.CStoreRq && outputDirectory is not null)
            {
                await ReceiveSubOperationAsync(channel, message, outputDirectory, files, flusher, onInstance, renameFiles, cancellationToken).ConfigureAwait(true);
                continue;
            }
            if (message.CommandField != responseField || message.MessageIdBeingRespondedTo != id)
            {
                throw new DimseProtocolException($"expected {DimseCommandField.Name(responseField)} to message {id}, received {message}");
            }
            IReadOnlyList<string>? failedInstances = null;
            if (message.HasDataset)
            {
                // The final response's Failed SOP Instance UID List (PS3.4 C.4.2.1.4.2, C.4.3.1.3.2) is kept; pending ones are read past.
                failedInstances = await ReceiveFailedInstancesAsync(channel, message, keep: !message.Status.IsPending).ConfigureAwait(true);
            }
            last = message.SubOperations ?? last;
            if (message.Status.IsPending)
            {
                if (message.SubOperations is { } sub)
                {
                    progress?.Report(sub);
                }
                continue;
            }
            return new FinalResponse(message, last, failedInstances);
        }
    }

    private static async Task SendCancelAsync(DimseChannel channel, byte context, ushort messageId)
    {
        try
        {
            await channel.SendAsync(new DimseMessage(context, DimseCommands.CancelRequest(messageId)), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DicomNetworkException or InvalidOperationException)
        {
            // The association ended meanwhile; the receive loop reports it.
        }
    }

    /// <summary>
    /// One C-STORE sub-operation of a C-GET: written to a file (temporary, complete, renamed) and handed to
    /// <paramref name="onInstance"/> before success is answered; made durable by the flusher meanwhile, unless <see cref="DicomClientOptions.FlushRetrievedFiles"/> is off (a C-GET's files
    /// are ours to lose until GetAsync returns).
    /// </summary>
    private async Task ReceiveSubOperationAsync(DimseChannel channel, DimseMessage message, string outputDirectory, List<string> files,
        DurableFlusher? flusher, Func<ReceivedInstance, CancellationToken, Task>? onInstance, bool renameFiles, CancellationToken cancellationToken)
    {
        DimseStatus status;
        var sopClass = channel.Association.Accept.FindAccepted(message.PresentationContextId)?.AbstractSyntax;
        if (sopClass is null || !channel.Association.RequesterRoles(sopClass).RequesterScp)
        {
            // PS3.4 C.4.3.1 and PS3.7 D.3.3.4: a C-GET's C-STORE sub-operations come only on a presentation context
            // whose SOP class the peer accepted us in the SCP role for; on any other it has no right to invoke C-STORE.
            // The object is read past (never written) and refused with 0124H "Refused: Not Authorized" (PS3.7 9.1.1.1.9,
            // C.5.x), so the peer counts a failed sub-operation and the retrieval goes on.
            if (message.HasDataset)
            {
                await channel.ReceiveDatasetToAsync(message, Stream.Null, Options.Limits.MaxInstanceBytes, Options.Association.DimseTimeout, CancellationToken.None).ConfigureAwait(false);
            }
            status = DimseStatus.NotAuthorized;
        }
        else if (!message.HasDataset || string.IsNullOrEmpty(message.AffectedSopInstanceUid))
        {
            if (message.HasDataset)
            {
                await channel.ReceiveDatasetToAsync(message, Stream.Null, Options.Limits.MaxInstanceBytes, Options.Association.DimseTimeout, CancellationToken.None).ConfigureAwait(false);
            }
            status = DimseStatus.CannotUnderstand;
        }
        else
        {
            var path = await IncomingInstanceWriter.WriteAsync(channel, message, outputDirectory, channel.Association.Accept.CalledAeTitle,
                Options.Limits.MaxInstanceBytes, Options.Association.DimseTimeout, CancellationToken.None, flushToDisk: false, rename: renameFiles).ConfigureAwait(false);
            if (path is not null)
            {
                files.Add(path);
                flusher?.Enqueue(path);
            }
            status = path is null ? DimseStatus.OutOfResources : DimseStatus.Success;
            if (path is not null && onInstance is not null)
            {
                try
                {
                    // The sender is the peer we called; the SOP class is the accepted context's (checked above).
                    var accept = channel.Association.Accept;
                    await onInstance(new ReceivedInstance(path, accept.CalledAeTitle, accept.CallingAeTitle, sopClass, message.AffectedSopInstanceUid,
                        channel.TransferSyntaxOf(message.PresentationContextId).Uid), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    status = DimseStatus.ProcessingFailure;
                }
            }
        }
        await channel.SendAsync(new DimseMessage(message.PresentationContextId, DimseCommands.Response(message, status)), CancellationToken.None).ConfigureAwait(false);
    }
}
