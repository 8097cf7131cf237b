using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Tests.Core.Network.Dimse;

/// <summary>
/// dcmtk requesters proposing extended negotiation to our receiver; dcmtk's debug output (-d) shows what our
/// A-ASSOCIATE-AC answered (PS3.7 D.3.3.4 role selection, D.3.3.7 user identity).
/// </summary>
public class DcmtkNegotiationInteropTests
{
    /// <summary>A storescu profile proposing Secondary Capture storage with both roles and Verification as SCU (dcmtk's association configuration file).</summary>
    private const string RoleProfile = """
        [[TransferSyntaxes]]
        [Uncompressed]
        TransferSyntax1 = LittleEndianImplicit

        [[PresentationContexts]]
        [Contexts]
        PresentationContext1 = SecondaryCaptureImageStorage\Uncompressed
        PresentationContext2 = VerificationSOPClass\Uncompressed

        [[SCPSCURoleSelection]]
        [Roles]
        Role1 = SecondaryCaptureImageStorage\BOTH
        Role2 = VerificationSOPClass\SCU

        [[Profiles]]
        [RoleTest]
        PresentationContexts = Contexts
        SCPSCURoleSelection = Roles
        """;

    /// <summary>The A-ASSOCIATE-AC block of dcmtk's debug output.</summary>
    private static string AcceptBlock(string output)
    {
        var start = output.IndexOf("BEGIN A-ASSOCIATE-AC", StringComparison.Ordinal);
        var end = output.IndexOf("END A-ASSOCIATE-AC", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, output);
        return output[start..end];
    }

    [Fact]
    public async Task Storescu_ProposesBothRolesForStorage_AcceptsScuRoleOnlyAndStores()
    {
        await using var receiver = TestReceiver.Start();
        var config = Path.Combine(receiver.Directory, "roles.cfg.txt");
        await File.WriteAllTextAsync(config, RoleProfile);

        var (exit, output) = await DcmtkProcess.RunAsync("storescu", "-d", "-xf", config, "RoleTest", "-aec", TestReceiver.AeTitle, "127.0.0.1", receiver.Port.ToString(),
            TestFiles.Sample(DicomClientTests.Ct));

        Assert.True(exit == 0, output);
        var ac = AcceptBlock(output);
        Assert.Contains("Proposed SCP/SCU Role: SCP/SCU", ac);
        Assert.Equal(2, ac.Split("Accepted SCP/SCU Role: SCU\n").Length - 1);
        Assert.DoesNotContain("Accepted SCP/SCU Role: SCP", ac);
        Assert.Single(receiver.ReceivedFiles());
    }

    [Fact]
    public async Task Getscu_ProposesScpRoleForStorage_TurnedDownAndGetContextRefused()
    {
        await using var receiver = TestReceiver.Start();

        var (exit, output) = await DcmtkProcess.RunAsync("getscu", "-d", "-S", "-aec", TestReceiver.AeTitle, "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=1.2.3",
            "-od", receiver.Directory, "127.0.0.1", receiver.Port.ToString());

        // We are not a C-GET SCP: the Study Root GET context is refused, and for the storage classes getscu proposes
        // to serve as SCP our answer turns the SCP role down (we never send C-STORE on an association we accepted).
        Assert.NotEqual(0, exit);
        var ac = AcceptBlock(output);
        Assert.Contains("Proposed SCP/SCU Role: SCP", ac);
        Assert.DoesNotContain("Accepted SCP/SCU Role: SCP", ac);
        Assert.True(ac.Contains("Proposed SCP/SCU Role: SCP\nD:     Accepted SCP/SCU Role: None", StringComparison.Ordinal), ac);
        Assert.True(ac.Contains("(Abstract Syntax Not Supported)\nD:     Abstract Syntax: =GETStudyRootQueryRetrieveInformationModel", StringComparison.Ordinal), ac);
        Assert.Contains("No adequate Presentation Contexts for sending C-GET", output);
        Assert.Empty(receiver.ReceivedFiles());
    }

    [Theory]
    [InlineData("correct", true)]
    [InlineData("wrong", false)]
    public async Task Storescu_UsernameAndPasswordWithPositiveResponse_CheckedByTheValidator(string password, bool accepted)
    {
        await using var receiver = TestReceiver.Start(configure: o => o with
        {
            UserIdentityValidator = new UsernamePasswordValidator(new Dictionary<string, string> { ["alice"] = "correct" }),
        });

        var (exit, output) = await DcmtkProcess.RunAsync("storescu", "-d", "-usr", "alice", "-pwd", password, "-rsp", "-aec", TestReceiver.AeTitle,
            "127.0.0.1", receiver.Port.ToString(), TestFiles.Sample(DicomClientTests.Ct));

        if (accepted)
        {
            Assert.True(exit == 0, output);
            var ac = AcceptBlock(output);
            Assert.Contains("Requested User Identity Negotiation:", ac);
            Assert.DoesNotContain("User Identity Negotiation Response:  none", ac);
            Assert.Single(receiver.ReceivedFiles());
        }
        else
        {
            Assert.NotEqual(0, exit);
            Assert.Contains("Association Rejected", output, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(receiver.ReceivedFiles());
        }
    }
}
