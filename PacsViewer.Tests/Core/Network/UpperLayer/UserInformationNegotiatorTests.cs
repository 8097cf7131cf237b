using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.UpperLayer;

/// <summary>The acceptor's answers to role selection, asynchronous operations window and user identity (PS3.7 D.3.3.3, D.3.3.4, D.3.3.7).</summary>
public class UserInformationNegotiatorTests
{
    private const string Ct = "1.2.840.10008.5.1.4.1.1.2";
    private const string Mr = "1.2.840.10008.5.1.4.1.1.4";

    private static AssociationRequest RequestWith(UserInformation user) => ScriptedService.EchoRequest() with { UserInformation = user };

    // PS3.7 D.3.3.4: each proposed role is answered 1 only when it was proposed and we allow it.
    [Theory]
    [InlineData(true, false, true, false, true, false)]
    [InlineData(true, false, false, true, false, false)]
    [InlineData(false, true, true, true, false, true)]
    [InlineData(false, true, true, false, false, false)]
    [InlineData(true, true, true, false, true, false)]
    [InlineData(true, true, false, true, false, true)]
    [InlineData(true, true, true, true, true, true)]
    [InlineData(false, false, true, true, false, false)]
    public void NegotiateRoles_ProposalAndPolicy_AnswerIsTheirIntersection(bool scu, bool scp, bool allowScu, bool allowScp, bool expectedScu, bool expectedScp)
    {
        var answer = UserInformationNegotiator.NegotiateRoles([new RoleSelection(Ct, scu, scp)], _ => (allowScu, allowScp));

        Assert.Equal(new RoleSelection(Ct, expectedScu, expectedScp), Assert.Single(answer));
    }

    [Fact]
    public void NegotiateRoles_NothingProposed_NothingAnswered()
    {
        Assert.Empty(UserInformationNegotiator.NegotiateRoles([], _ => (true, true)));
    }

    [Fact]
    public void NegotiateRoles_ClassProposedTwice_AnsweredOnceForTheFirstItem()
    {
        var answer = UserInformationNegotiator.NegotiateRoles([new RoleSelection(Ct, true, false), new RoleSelection(Ct, false, true), new RoleSelection(Mr, false, true)],
            uid => (true, uid == Mr));

        Assert.Equal([new RoleSelection(Ct, true, false), new RoleSelection(Mr, false, true)], answer);
    }

    [Theory]
    [InlineData(8, 8, 1, 1)]
    [InlineData(0, 0, 1, 1)]
    [InlineData(1, 1, 1, 1)]
    [InlineData(1, 5, 1, 1)]
    public void NegotiateWindow_AnyProposal_NarrowedToOursNeverRejected(int invoked, int performed, int expectedInvoked, int expectedPerformed)
    {
        var (accept, rejection) = UserInformationNegotiator.Negotiate(RequestWith(new UserInformation { AsynchronousOperationsWindow = ((ushort)invoked, (ushort)performed) }), new AcceptorPolicy());

        Assert.Null(rejection);
        Assert.Equal(((ushort)expectedInvoked, (ushort)expectedPerformed), accept!.AsynchronousOperationsWindow);
    }

    [Fact]
    public void NegotiateWindow_PolicyWiderThanProposal_TheProposalBounds()
    {
        Assert.Equal(((ushort)3, (ushort)2), UserInformationNegotiator.NegotiateWindow((3, 2), (0, 4)));
    }

    [Fact]
    public void Negotiate_NoWindowNoRolesNoIdentityProposed_NoneAnswered()
    {
        var (accept, _) = UserInformationNegotiator.Negotiate(RequestWith(new UserInformation()),
            new AcceptorPolicy { UserIdentityValidator = new UsernamePasswordValidator(new Dictionary<string, string>()) { IdentityRequired = false } });

        Assert.Null(accept!.AsynchronousOperationsWindow);
        Assert.Empty(accept.RoleSelections);
        Assert.Null(accept.UserIdentityServerResponse);
    }

    [Theory]
    [InlineData("alice", "correct", true, true)]
    [InlineData("alice", "correct", false, true)]
    [InlineData("alice", "wrong", true, false)]
    [InlineData("bob", "correct", true, false)]
    public void Negotiate_UsernameAndPasscode_CheckedByTheValidator(string user, string password, bool positiveResponse, bool accepted)
    {
        var policy = new AcceptorPolicy { UserIdentityValidator = new UsernamePasswordValidator(new Dictionary<string, string> { ["alice"] = "correct" }) };
        var request = RequestWith(new UserInformation { UserIdentity = UserIdentity.FromUsernamePassword(user, password, positiveResponse) });

        var (accept, rejection) = UserInformationNegotiator.Negotiate(request, policy);

        Assert.Equal(accepted, accept is not null);
        Assert.Equal(accepted ? null : AssociationRejection.NoReasonGiven, rejection);
        if (accepted)
        {
            // PS3.7 D.3.3.7.2: for username and passcode the positive response is empty, and sent only when requested.
            Assert.Equal(positiveResponse, accept!.UserIdentityServerResponse is { Length: 0 });
            Assert.Equal(!positiveResponse, accept.UserIdentityServerResponse is null);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Negotiate_UsernameOnly_AcceptedWhenThePolicyAllowsIt(bool acceptUsernameOnly, bool accepted)
    {
        var policy = new AcceptorPolicy { UserIdentityValidator = new UsernamePasswordValidator(new Dictionary<string, string> { ["alice"] = "correct" }) { AcceptUsernameOnly = acceptUsernameOnly } };
        var identity = new UserIdentity(UserIdentity.Username, true, "alice"u8.ToArray(), ReadOnlyMemory<byte>.Empty);

        var (accept, _) = UserInformationNegotiator.Negotiate(RequestWith(new UserInformation { UserIdentity = identity }), policy);

        Assert.Equal(accepted, accept is not null);
    }

    [Fact]
    public void Negotiate_NoIdentityButRequired_Rejected()
    {
        var policy = new AcceptorPolicy { UserIdentityValidator = new UsernamePasswordValidator(new Dictionary<string, string> { ["alice"] = "correct" }) };

        var (accept, rejection) = UserInformationNegotiator.Negotiate(RequestWith(new UserInformation()), policy);

        Assert.Null(accept);
        Assert.Equal(AssociationRejection.NoReasonGiven, rejection);
    }

    [Fact]
    public void Restrict_ServiceAnswersMoreThanProposed_OnlyProposedItemsAndRolesRemain()
    {
        var proposed = new UserInformation { RoleSelections = [new RoleSelection(Ct, true, false)] };
        var answered = new UserInformation
        {
            RoleSelections = [new RoleSelection(Ct, true, true), new RoleSelection(Mr, true, true)],
            AsynchronousOperationsWindow = (4, 4),
            UserIdentityServerResponse = new byte[] { 1 },
        };

        var restricted = UserInformationNegotiator.Restrict(proposed, answered);

        Assert.Equal([new RoleSelection(Ct, true, false)], restricted.RoleSelections);
        Assert.Null(restricted.AsynchronousOperationsWindow);
        Assert.Null(restricted.UserIdentityServerResponse);
    }
}
