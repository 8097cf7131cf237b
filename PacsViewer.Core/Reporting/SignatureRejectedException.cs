namespace PacsViewer.Core.Reporting;

/// <summary>Signing was refused: the password did not confirm the signer.</summary>
public sealed class SignatureRejectedException(string userName)
    : ReportingException($"The password for {userName} was not accepted; the report was not signed")
{
    public string UserName { get; } = userName;
}
