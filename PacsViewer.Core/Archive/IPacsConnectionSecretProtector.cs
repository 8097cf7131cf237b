namespace PacsViewer.Core.Archive;

/// <summary>
/// Encrypts the secrets of an admin-managed PACS connection (<see cref="PacsConnection.ProtectedSecrets"/>) before
/// they reach the database, and decrypts them to build the connection's source. The web app implements it with
/// ASP.NET Core Data Protection; Core stays free of it.
/// </summary>
public interface IPacsConnectionSecretProtector
{
    string Protect(string plaintext);

    /// <summary>The clear text; throws <see cref="System.Security.Cryptography.CryptographicException"/> when the value cannot be decrypted (lost keys).</summary>
    string Unprotect(string protectedText);
}
