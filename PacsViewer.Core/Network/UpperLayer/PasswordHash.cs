using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// Salted password hashes for the receiver's accounts, written <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (salt and hash
/// in base64; PBKDF2 with HMAC-SHA-256, RFC 8018 5.2), so configuration never holds a passcode in clear.
/// </summary>
public static class PasswordHash
{
    /// <summary>The prefix of every hash this class writes.</summary>
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>Iterations used by <see cref="Create"/>.</summary>
    public const int DefaultIterations = 100_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>A new hash of <paramref name="password"/> with a random salt.</summary>
    public static string Create(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Whether <paramref name="encoded"/> is a hash in this format (checked when the configuration is read).</summary>
    public static bool IsWellFormed(string? encoded) => TryParse(encoded, out _, out _, out _);

    /// <summary>Whether <paramref name="password"/> (UTF-8 bytes) matches <paramref name="encoded"/>; compared in constant time.</summary>
    public static bool Verify(string encoded, ReadOnlySpan<byte> password)
    {
        if (!TryParse(encoded, out var iterations, out var salt, out var expected))
        {
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryParse(string? encoded, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = encoded?.Split('$');
        if (parts is not [Scheme, var count, var saltText, var hashText]
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1 || iterations > 10_000_000)
        {
            return false;
        }
        try
        {
            salt = Convert.FromBase64String(saltText);
            hash = Convert.FromBase64String(hashText);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= 8 && hash.Length >= 16;
    }
}
