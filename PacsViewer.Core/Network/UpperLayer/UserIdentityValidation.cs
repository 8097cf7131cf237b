namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// The outcome of <see cref="IUserIdentityValidator.Validate"/>: accepted or not, and the server response sent
/// when the requester asked for a positive response (PS3.7 D.3.3.7.2: zero length for username and passcode;
/// the Kerberos ticket, SAML response or JWT otherwise).
/// </summary>
public sealed record UserIdentityValidation(bool IsAccepted, ReadOnlyMemory<byte> ServerResponse)
{
    public static readonly UserIdentityValidation Accepted = new(true, ReadOnlyMemory<byte>.Empty);

    public static readonly UserIdentityValidation Refused = new(false, ReadOnlyMemory<byte>.Empty);
}
