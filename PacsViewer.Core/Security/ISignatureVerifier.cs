namespace PacsViewer.Core.Security;

/// <summary>Confirms that the person signing a report is the user they claim to be (re-entered password).</summary>
public interface ISignatureVerifier
{
    /// <summary>True when <paramref name="password"/> is the password of the active, not locked-out <paramref name="userName"/>.</summary>
    Task<bool> VerifyAsync(string userName, string password, CancellationToken cancellationToken = default);
}
