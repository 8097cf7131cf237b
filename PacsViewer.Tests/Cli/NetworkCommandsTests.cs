using System.Text.Json;
using PacsViewer.Cli;
using PacsViewer.Tests.Core.Network;
using PacsViewer.Tests.Core.Network.Dimse;

using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Cli;

/// <summary>The network verbs against our receiver and dcmtk peers on 127.0.0.1.</summary>
public class NetworkCommandsTests
{
    private static string Target(int port, string ae) => $"dicom://{ae}@127.0.0.1:{port}";

    private static void AssertOneLine(string error)
    {
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echo_OurReceiver_ExitsZero()
    {
        await using var receiver = TestReceiver.Start();

        var (code, output, error) = await CliRunner.RunAsync("echo", Target(receiver.Port, TestReceiver.AeTitle), "--aet", "CLI");

        Assert.True(code == 0, error);
        Assert.Contains("status 0x0000 (Success)", output);
    }

    [Fact]
    public async Task Echo_WrongCalledAe_OneLineNamingTheRejection()
    {
        await using var receiver = TestReceiver.Start();

        var (code, _, error) = await CliRunner.RunAsync("echo", Target(receiver.Port, "WRONG"));

        Assert.Equal(CliApp.Failure, code);
        AssertOneLine(error);
        Assert.StartsWith("pacs echo: association rejected (permanent: called AE title not recognized)", error);
    }

    [Fact]
    public async Task Echo_NothingListening_OneLine()
    {
        var (code, _, error) = await CliRunner.RunAsync("echo", Target(LoopbackPort.Free(), "X"), "--timeout", "5");

        Assert.Equal(CliApp.Failure, code);
        AssertOneLine(error);
        Assert.Contains("cannot connect to 127.0.0.1", error);
    }

    [Fact]
    public async Task Echo_BadTarget_OneLine()
    {
        var (code, _, error) = await CliRunner.RunAsync("echo", "ftp://example");

        Assert.Equal(CliApp.Failure, code);
        AssertOneLine(error);
        Assert.Contains("is not dicom://CALLED_AE@host:port", error);
    }

    [Fact]
    public async Task Store_FilesToOurReceiver_EachReported()
    {
        await using var receiver = TestReceiver.Start();

        var (code, output, error) = await CliRunner.RunAsync("store", Target(receiver.Port, TestReceiver.AeTitle),
            TestFiles.Sample(DicomClientTests.Ct), TestFiles.Sample(DicomClientTests.Mr));

        Assert.True(code == 0, error);
        Assert.Equal(2, output.Split('\n').Count(l => l.StartsWith("stored ", StringComparison.Ordinal)));
        Assert.Equal(2, receiver.ReceivedFiles().Length);
    }

    [Fact]
    public async Task Find_DcmqrscpJson_OneObjectPerStudy()
    {
        await using var qr = await DcmqrscpPeer.StartAsync();

        var (code, output, error) = await CliRunner.RunAsync("find", Target(qr.Port, DcmqrscpPeer.AeTitle), "--level", "study", "-k", "PatientID", "--json");

        Assert.True(code == 0, error);
        var studies = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("0020000D").GetProperty("Value")[0].GetString())
            .Order(StringComparer.Ordinal);
        Assert.Equal([DcmqrscpPeer.BrainStudy, DcmqrscpPeer.SiemensStudy], studies);
    }

    [Fact]
    public async Task GetAndMove_Dcmqrscp_FilesWritten()
    {
        var movePort = LoopbackPort.Free();
        await using var qr = await DcmqrscpPeer.StartAsync(("CLIMOVE", movePort));
        var getDir = Path.Combine(Path.GetTempPath(), $"pv-cli-get-{Guid.NewGuid():N}");
        var moveDir = Path.Combine(Path.GetTempPath(), $"pv-cli-move-{Guid.NewGuid():N}");
        try
        {
            var get = await CliRunner.RunAsync("get", Target(qr.Port, DcmqrscpPeer.AeTitle), "--study", DcmqrscpPeer.BrainStudy, "-o", getDir);
            var move = await CliRunner.RunAsync("move", Target(qr.Port, DcmqrscpPeer.AeTitle), "--dest", "CLIMOVE", "--port", movePort.ToString(),
                "--study", DcmqrscpPeer.BrainStudy, "-o", moveDir);

            Assert.True(get.ExitCode == 0, get.Error + get.Output);
            Assert.True(move.ExitCode == 0, move.Error + move.Output);
            Assert.Equal(3, Directory.GetFiles(getDir, "*.dcm").Length);
            Assert.Equal(3, Directory.GetFiles(moveDir, "*.dcm").Length);
            Assert.Contains("3 completed, 0 failed", move.Output);
        }
        finally
        {
            foreach (var d in new[] { getDir, moveDir })
            {
                if (Directory.Exists(d))
                {
                    Directory.Delete(d, recursive: true);
                }
            }
        }
    }

    [Fact]
    public async Task Serve_StorescuSends_ReceivedAndReported()
    {
        var port = LoopbackPort.Free();
        var directory = Path.Combine(Path.GetTempPath(), $"pv-cli-serve-{Guid.NewGuid():N}");
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var serve = CliApp.RunAsync(["serve", "--bind", "127.0.0.1", "--port", port.ToString(), "-o", directory, "--aet", "CLISERVE"], output, error, stop.Token);
        try
        {
            await DcmtkProcess.WaitForListenerAsync(port, () => Assert.False(serve.IsCompleted, error.ToString()));
            var (exit, storeOutput) = await DcmtkProcess.RunAsync("storescu", "-aec", "CLISERVE", "127.0.0.1", port.ToString(), TestFiles.Sample(DicomClientTests.Ct));
            Assert.True(exit == 0, storeOutput);
        }
        finally
        {
            await stop.CancelAsync();
        }
        var code = await serve;

        Assert.Equal(0, code);
        Assert.Single(Directory.GetFiles(directory, "*.dcm"));
        Assert.Contains("received ", output.ToString());
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Serve_UserAndPasswordFile_StorescuWithThePasswordStoredWithAnotherRefused()
    {
        var port = LoopbackPort.Free();
        var directory = Path.Combine(Path.GetTempPath(), $"pv-cli-serve-{Guid.NewGuid():N}");
        var passwordFile = Path.Combine(Path.GetTempPath(), $"pv-cli-pw-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(passwordFile, "modality-pw\n");
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var serve = CliApp.RunAsync(["serve", "--bind", "127.0.0.1", "--port", port.ToString(), "-o", directory, "--aet", "CLISERVE",
            "--user", "modality", "--password-file", passwordFile], output, error, stop.Token);
        int rightExit, wrongExit, noneExit;
        string wrongOutput;
        try
        {
            await DcmtkProcess.WaitForListenerAsync(port, () => Assert.False(serve.IsCompleted, error.ToString()));
            (wrongExit, wrongOutput) = await DcmtkProcess.RunAsync("storescu", "-aec", "CLISERVE", "--user", "modality", "--password", "wrong-pw",
                "127.0.0.1", port.ToString(), TestFiles.Sample(DicomClientTests.Ct));
            (noneExit, _) = await DcmtkProcess.RunAsync("storescu", "-aec", "CLISERVE", "127.0.0.1", port.ToString(), TestFiles.Sample(DicomClientTests.Ct));
            string rightOutput;
            (rightExit, rightOutput) = await DcmtkProcess.RunAsync("storescu", "-aec", "CLISERVE", "--user", "modality", "--password", "modality-pw",
                "127.0.0.1", port.ToString(), TestFiles.Sample(DicomClientTests.Ct));
            Assert.True(rightExit == 0, rightOutput);
        }
        finally
        {
            await stop.CancelAsync();
            File.Delete(passwordFile);
        }
        var code = await serve;

        Assert.Equal(0, code);
        Assert.NotEqual(0, wrongExit);
        Assert.Contains("Association Rejected", wrongOutput, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(0, noneExit);
        Assert.Single(Directory.GetFiles(directory, "*.dcm")); // Only the identified requester's instance.
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Serve_UserWithoutPasswordFile_UsageError()
    {
        var (code, _, error) = await CliRunner.RunAsync("serve", "--port", "0", "-o", Path.GetTempPath(), "--user", "modality");

        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("--user and --password-file go together", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HashPassword_PasswordFile_PrintsAHashThatVerifies()
    {
        var passwordFile = Path.Combine(Path.GetTempPath(), $"pv-cli-pw-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(passwordFile, "modality-pw\r\nignored");
        try
        {
            var (code, output, _) = await CliRunner.RunAsync("hash-password", "--password-file", passwordFile);

            Assert.Equal(0, code);
            var hash = output.Trim();
            Assert.True(PacsViewer.Core.Network.UpperLayer.PasswordHash.Verify(hash, "modality-pw"u8));
            Assert.False(PacsViewer.Core.Network.UpperLayer.PasswordHash.Verify(hash, "ignored"u8));
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }
}
