namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// User Identity Negotiation sub-item of the request (PS3.7 D.3.3.7.1, item type 58H): type 1 username,
/// 2 username and passcode, 3 Kerberos, 4 SAML, 5 JWT.
/// </summary>
public sealed record UserIdentity(byte IdentityType, bool PositiveResponseRequested, ReadOnlyMemory<byte> PrimaryField, ReadOnlyMemory<byte> SecondaryField)
{
    public const byte Username = 1;
    public const byte UsernameAndPasscode = 2;

    public static UserIdentity FromUsernamePassword(string username, string password, bool positiveResponseRequested = false) =>
        new(UsernameAndPasscode, positiveResponseRequested, System.Text.Encoding.UTF8.GetBytes(username), System.Text.Encoding.UTF8.GetBytes(password));

    public string PrimaryFieldText => System.Text.Encoding.UTF8.GetString(PrimaryField.Span);

    public string SecondaryFieldText => System.Text.Encoding.UTF8.GetString(SecondaryField.Span);

    /// <summary>Never prints the passcode.</summary>
    public override string ToString() => $"UserIdentity(type {IdentityType}, {PrimaryField.Length}-byte primary field)";
}
