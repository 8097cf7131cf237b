using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Core.Archive.Local;

/// <summary>
/// One account of the archive's DICOM receiver (<c>Archive:ReceiverUsers</c>): a requester must send User Identity
/// type 2 (username and passcode, PS3.7 D.3.3.7) naming one of them. The passcode is configured as a
/// <see cref="Network.UpperLayer.PasswordHash"/> (<c>pacs hash-password</c> makes one); a clear <see cref="Password"/> is
/// accepted in Development only.
/// </summary>
public sealed record ReceiverUser
{
    public string Username { get; set; } = "";

    /// <summary><c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c>.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>The passcode in clear: Development only (refused at start otherwise).</summary>
    public string? Password { get; set; }

    /// <summary>
    /// The validator for these accounts, or null when there are none (identities are then not checked). Throws
    /// <see cref="InvalidOperationException"/> naming the account for an empty username, a missing or malformed hash,
    /// or a clear password when <paramref name="allowClearPasswords"/> is false.
    /// </summary>
    public static IUserIdentityValidator? CreateValidator(IReadOnlyList<ReceiverUser> users, bool allowClearPasswords)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (users.Count == 0)
        {
            return null;
        }
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            if (string.IsNullOrWhiteSpace(user.Username))
            {
                throw new InvalidOperationException("Archive:ReceiverUsers: an account has no Username");
            }
            string hash;
            if (!string.IsNullOrEmpty(user.PasswordHash))
            {
                if (!Network.UpperLayer.PasswordHash.IsWellFormed(user.PasswordHash))
                {
                    throw new InvalidOperationException(
                        $"Archive:ReceiverUsers: the PasswordHash of '{user.Username}' is not a {Network.UpperLayer.PasswordHash.Scheme} hash (make one with 'pacs hash-password')");
                }
                hash = user.PasswordHash;
            }
            else if (!string.IsNullOrEmpty(user.Password))
            {
                if (!allowClearPasswords)
                {
                    throw new InvalidOperationException(
                        $"Archive:ReceiverUsers: '{user.Username}' has a clear Password, allowed in Development only; configure a PasswordHash ('pacs hash-password')");
                }
                hash = Network.UpperLayer.PasswordHash.Create(user.Password, iterations: 1_000); // Development: cheap on purpose
            }
            else
            {
                throw new InvalidOperationException($"Archive:ReceiverUsers: '{user.Username}' has neither PasswordHash nor Password");
            }
            if (!hashes.TryAdd(user.Username, hash))
            {
                throw new InvalidOperationException($"Archive:ReceiverUsers: '{user.Username}' is listed twice");
            }
        }
        return new PasswordHashValidator(hashes);
    }
}
