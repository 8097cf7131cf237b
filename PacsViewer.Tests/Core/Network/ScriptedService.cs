using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network;

/// <summary>
/// An acceptor service for upper-layer tests: accepts every proposed context (implicit VR little endian), then
/// runs <paramref name="run"/> on the association and records the association and how the run ended. Its accept
/// carries <paramref name="answer"/> as User Information, whatever was proposed.
/// </summary>
internal sealed class ScriptedService(Func<DicomAssociation, CancellationToken, Task> run, UserInformation? answer = null) : IAssociationService
{
    private readonly TaskCompletionSource<DicomAssociation> _association = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AssociationNegotiation Negotiate(AssociationRequest request) => AssociationNegotiation.AcceptWith(new AssociationAccept
    {
        CalledAeTitle = request.CalledAeTitle,
        CallingAeTitle = request.CallingAeTitle,
        PresentationContexts = PresentationContextNegotiator.Negotiate(request.PresentationContexts, _ => ["1.2.840.10008.1.2"]),
        UserInformation = answer ?? new UserInformation(),
    });

    public async Task RunAsync(DicomAssociation association, CancellationToken cancellationToken)
    {
        _association.SetResult(association);
        try
        {
            await run(association, cancellationToken);
            _outcome.SetResult(null);
        }
        catch (Exception e)
        {
            _outcome.SetResult(e);
            throw;
        }
    }

    /// <summary>How the service's run ended: null when it returned, else its exception (hang detector: 30 s).</summary>
    public async Task<(DicomAssociation Association, Exception? Error)> OutcomeAsync()
    {
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var association = await _association.Task.WaitAsync(hang.Token);
        return (association, await _outcome.Task.WaitAsync(hang.Token));
    }

    public static DicomServer Start(ScriptedService service, AssociationOptions? options = null)
    {
        var server = new DicomServer(new DicomServerOptions { Port = 0, Association = options ?? AssociationOptions.Default }, service);
        server.Start();
        return server;
    }

    public static AssociationRequest EchoRequest(string calledAeTitle = "ANY") => new()
    {
        CalledAeTitle = calledAeTitle,
        CallingAeTitle = "TESTSCU",
        PresentationContexts = [new PresentationContext(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])],
    };
}
