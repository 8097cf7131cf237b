using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>
/// The receiver: Verification SCP (PS3.4 A) and Storage SCP (PS3.4 B) behind a <see cref="DicomServer"/>. Each
/// instance is made durable (file flushed and renamed) and handed to the <see cref="IReceivedInstanceHandler"/>
/// before success is answered (PS3.4 B.2.3); a failure answers a failure status and leaves no file behind.
/// </summary>
public sealed class StoreScp : IAssociationService
{
    private readonly StoreScpOptions _options;
    private readonly IReceivedInstanceHandler? _handler;
    private readonly HashSet<string> _sopClasses;
    private readonly AcceptorPolicy _policy;

    public StoreScp(StoreScpOptions options, IReceivedInstanceHandler? handler = null)
    {
        _options = options;
        _handler = handler;
        _sopClasses = new HashSet<string>(options.SopClasses, StringComparer.Ordinal);
        _policy = new AcceptorPolicy
        {
            // PS3.7 D.3.3.4: we are SCP of Verification and of the storage classes we accept, never their SCU (we
            // send no C-STORE on an association we accepted), so a requester proposing the SCP role (getscu) is
            // turned down, and one proposing the SCU role is accepted for those classes only.
            Roles = sopClass => (sopClass == DicomUids.Verification || _sopClasses.Contains(sopClass), false),
            UserIdentityValidator = options.UserIdentityValidator,
        };
    }

    public AssociationNegotiation Negotiate(AssociationRequest request)
    {
        if (_options.AeTitle.Length > 0 && !string.Equals(request.CalledAeTitle, _options.AeTitle, StringComparison.Ordinal))
        {
            return AssociationNegotiation.Reject(AssociationRejection.CalledAeNotRecognized);
        }
        if (_options.AllowedCallingAeTitles.Count > 0 && !_options.AllowedCallingAeTitles.Contains(request.CallingAeTitle))
        {
            return AssociationNegotiation.Reject(AssociationRejection.CallingAeNotRecognized);
        }
        var (userInformation, rejection) = UserInformationNegotiator.Negotiate(request, _policy);
        if (rejection is not null)
        {
            return AssociationNegotiation.Reject(rejection);
        }
        var contexts = PresentationContextNegotiator.Negotiate(request.PresentationContexts, abstractSyntax =>
            abstractSyntax == DicomUids.Verification ? StorageSopClasses.TransferSyntaxes.Take(2).ToArray()
            : _sopClasses.Contains(abstractSyntax) ? _options.TransferSyntaxes
            : null);
        return AssociationNegotiation.AcceptWith(new AssociationAccept
        {
            CalledAeTitle = request.CalledAeTitle,
            CallingAeTitle = request.CallingAeTitle,
            PresentationContexts = contexts,
            UserInformation = userInformation!,
        });
    }

    public async Task RunAsync(DicomAssociation association, CancellationToken cancellationToken)
    {
        var channel = new DimseChannel(association, _options.Limits);
        var timers = association.Options;
        while (true)
        {
            var message = await channel.ReceiveCommandAsync(timers.IdleTimeout, "the next command", cancellationToken).ConfigureAwait(false);
            if (message is null)
            {
                return; // released
            }
            switch (message.CommandField)
            {
                case DimseCommandField.CEchoRq:
                    await SkipDatasetAsync(channel, message, cancellationToken).ConfigureAwait(false);
                    await RespondAsync(channel, message, DimseStatus.Success, null, cancellationToken).ConfigureAwait(false);
                    break;
                case DimseCommandField.CStoreRq:
                    var (status, comment) = await StoreAsync(channel, message, cancellationToken).ConfigureAwait(false);
                    await RespondAsync(channel, message, status, comment, cancellationToken).ConfigureAwait(false);
                    break;
                case DimseCommandField.CCancelRq:
                    break; // nothing of ours can be cancelled; a C-CANCEL has no response (PS3.7 9.3.2.3)
                default:
                    await SkipDatasetAsync(channel, message, cancellationToken).ConfigureAwait(false);
                    await RespondAsync(channel, message, DimseStatus.UnrecognizedOperation, "unsupported operation", cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task<(DimseStatus, string?)> StoreAsync(DimseChannel channel, DimseMessage message, CancellationToken cancellationToken)
    {
        var association = channel.Association;
        var timeout = association.Options.DimseTimeout;
        var context = association.Accept.FindAccepted(message.PresentationContextId)!;
        var sopClass = message.AffectedSopClassUid;
        var sopInstance = message.AffectedSopInstanceUid;
        if (!message.HasDataset || string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
        {
            await SkipDatasetAsync(channel, message, cancellationToken).ConfigureAwait(false);
            return (DimseStatus.CannotUnderstand, "C-STORE-RQ without SOP class, SOP instance or data set");
        }
        if (!string.Equals(sopClass, context.AbstractSyntax, StringComparison.Ordinal))
        {
            await SkipDatasetAsync(channel, message, cancellationToken).ConfigureAwait(false);
            return (DimseStatus.DataSetDoesNotMatchSopClass, "SOP class differs from the presentation context");
        }
        if (_options.MoveRouter?.Find(message.MoveOriginatorAeTitle, message.MoveOriginatorMessageId, association.Request.CallingAeTitle) is { } target)
        {
            return await StoreForMoveAsync(channel, message, target, context.TransferSyntax, cancellationToken).ConfigureAwait(false);
        }
        var path = await IncomingInstanceWriter.WriteAsync(channel, message, _options.IncomingDirectory, association.Request.CallingAeTitle,
            _options.Limits.MaxInstanceBytes, timeout, cancellationToken).ConfigureAwait(false);
        if (path is null)
        {
            return (DimseStatus.OutOfResources, "the instance could not be written");
        }
        if (_handler is null)
        {
            return (DimseStatus.Success, null);
        }
        try
        {
            await _handler.OnReceivedAsync(new ReceivedInstance(path, association.Request.CallingAeTitle, association.Request.CalledAeTitle,
                sopClass, sopInstance, context.TransferSyntax), cancellationToken).ConfigureAwait(false);
            return (DimseStatus.Success, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            IncomingInstanceWriter.TryDelete(path);
            return e is IOException or UnauthorizedAccessException
                ? (DimseStatus.OutOfResources, "the instance could not be stored")
                : (DimseStatus.ProcessingFailure, "the instance could not be processed");
        }
    }

    /// <summary>
    /// A sub-operation of one of our own C-MOVEs routed to a cache (<see cref="StoreScpOptions.MoveRouter"/>): written
    /// complete into the target's folder, not fsync'ed (the target makes it durable and is not the archive of record),
    /// and handed over before success is answered.
    /// </summary>
    private async Task<(DimseStatus, string?)> StoreForMoveAsync(DimseChannel channel, DimseMessage message, MoveSubOperationTarget target,
        string transferSyntax, CancellationToken cancellationToken)
    {
        var association = channel.Association;
        var path = await IncomingInstanceWriter.WriteAsync(channel, message, target.Directory, association.Request.CallingAeTitle,
            _options.Limits.MaxInstanceBytes, association.Options.DimseTimeout, cancellationToken, flushToDisk: false, rename: false).ConfigureAwait(false);
        if (path is null)
        {
            return (DimseStatus.OutOfResources, "the instance could not be written");
        }
        try
        {
            await target.OnReceived(new ReceivedInstance(path, association.Request.CallingAeTitle, association.Request.CalledAeTitle,
                message.AffectedSopClassUid!, message.AffectedSopInstanceUid!, transferSyntax), cancellationToken).ConfigureAwait(false);
            return (DimseStatus.Success, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            IncomingInstanceWriter.TryDelete(path);
            return (DimseStatus.ProcessingFailure, "the instance could not be processed");
        }
    }

    private async Task SkipDatasetAsync(DimseChannel channel, DimseMessage message, CancellationToken cancellationToken)
    {
        if (message.HasDataset)
        {
            await channel.ReceiveDatasetToAsync(message, Stream.Null, _options.Limits.MaxInstanceBytes, channel.Association.Options.DimseTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task RespondAsync(DimseChannel channel, DimseMessage request, DimseStatus status, string? comment, CancellationToken cancellationToken) =>
        channel.SendAsync(new DimseMessage(request.PresentationContextId, DimseCommands.Response(request, status, errorComment: comment)), cancellationToken);
}
