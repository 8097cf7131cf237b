using System.Security.Cryptography;
using System.Text;

namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// A <see cref="IUserIdentityValidator"/> over a fixed table of accounts: User Identity type 2 (username and
/// passcode, PS3.7 D.3.3.7.1) must name an account and its passcode (compared in constant time); type 1 (username
/// only) is accepted only when <see cref="AcceptUsernameOnly"/> is set and the username is known. A request with no
/// identity is refused unless <see cref="IdentityRequired"/> is false. Kerberos, SAML and JWT are refused.
/// </summary>
public sealed class UsernamePasswordValidator(IReadOnlyDictionary<string, string> accounts) : IUserIdentityValidator
{
    public bool IdentityRequired { get; init; } = true;

    public bool AcceptUsernameOnly { get; init; }

    public UserIdentityValidation Validate(UserIdentity? identity, AssociationRequest request)
    {
        if (identity is null)
        {
            return IdentityRequired ? UserIdentityValidation.Refused : UserIdentityValidation.Accepted;
        }
        if (!accounts.TryGetValue(identity.PrimaryFieldText, out var password))
        {
            return UserIdentityValidation.Refused;
        }
        var accepted = identity.IdentityType switch
        {
            UserIdentity.Username => AcceptUsernameOnly,
            UserIdentity.UsernameAndPasscode => CryptographicOperations.FixedTimeEquals(identity.SecondaryField.Span, Encoding.UTF8.GetBytes(password)),
            _ => false,
        };
        return accepted ? UserIdentityValidation.Accepted : UserIdentityValidation.Refused;
    }
}
