namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// A <see cref="IUserIdentityValidator"/> over accounts whose passcodes are kept as <see cref="PasswordHash"/> hashes:
/// User Identity type 2 (username and passcode, PS3.7 D.3.3.7.1) must name an account and match its hash; a request
/// without an identity, or with another type (username only, Kerberos, SAML, JWT), is refused.
/// </summary>
public sealed class PasswordHashValidator : IUserIdentityValidator
{
    private readonly Dictionary<string, string> _hashes;

    /// <param name="hashes">Username to <see cref="PasswordHash"/> hash; every hash must be well formed.</param>
    public PasswordHashValidator(IReadOnlyDictionary<string, string> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        foreach (var (user, hash) in hashes)
        {
            if (!PasswordHash.IsWellFormed(hash))
            {
                throw new ArgumentException($"the password hash of user '{user}' is not a {PasswordHash.Scheme} hash", nameof(hashes));
            }
        }
        _hashes = new Dictionary<string, string>(hashes, StringComparer.Ordinal);
    }

    public UserIdentityValidation Validate(UserIdentity? identity, AssociationRequest request)
    {
        if (identity is not { IdentityType: UserIdentity.UsernameAndPasscode } || !_hashes.TryGetValue(identity.PrimaryFieldText, out var hash))
        {
            return UserIdentityValidation.Refused;
        }
        return PasswordHash.Verify(hash, identity.SecondaryField.Span) ? UserIdentityValidation.Accepted : UserIdentityValidation.Refused;
    }
}
