using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace PacsViewer.Core.Security;

/// <summary>
/// The one-time bootstrap token in memory: 256 random bits, of which only the SHA-256 hash and the expiry are kept.
/// A token matches until it expires or is consumed; consuming is atomic, so it works once.
/// </summary>
public sealed class BootstrapTokenStore(TimeProvider time)
{
    private readonly Lock _lock = new();
    private byte[]? _hash;
    private DateTimeOffset _expiresAt;

    /// <summary>Makes a new token valid for <paramref name="lifetime"/> (replacing any earlier one) and returns it, URL-safe.</summary>
    public string Issue(TimeSpan lifetime)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        lock (_lock)
        {
            _hash = Hash(token);
            _expiresAt = time.GetUtcNow() + lifetime;
        }
        return token;
    }

    /// <summary>Whether a token was issued and is neither used nor expired.</summary>
    public bool IsActive
    {
        get
        {
            lock (_lock)
            {
                return _hash is not null && time.GetUtcNow() < _expiresAt;
            }
        }
    }

    /// <summary>Whether <paramref name="token"/> is the active token (compared in constant time).</summary>
    public bool Matches(string? token)
    {
        lock (_lock)
        {
            return MatchesLocked(token);
        }
    }

    /// <summary>Ends the token if <paramref name="token"/> is the active one; true only for the first caller.</summary>
    public bool TryConsume(string? token)
    {
        lock (_lock)
        {
            if (!MatchesLocked(token))
            {
                return false;
            }
            _hash = null;
            return true;
        }
    }

    /// <summary>Makes a consumed token valid again (its creation failed on bad input); the expiry is unchanged.</summary>
    internal void Restore(string token)
    {
        lock (_lock)
        {
            _hash = Hash(token);
        }
    }

    private bool MatchesLocked(string? token) =>
        token is not null && _hash is not null && time.GetUtcNow() < _expiresAt && CryptographicOperations.FixedTimeEquals(Hash(token), _hash);

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
