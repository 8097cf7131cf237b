using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Data;

namespace PacsViewer.Core.Security;

/// <summary>
/// Checks a signing password against the user's Identity password hash (the same hasher as the login), on a
/// short-lived context; a locked-out or unknown user never verifies.
/// </summary>
public sealed class PasswordSignatureVerifier(PacsViewerDatabase database, IPasswordHasher<PacsUser> hasher,
    ILookupNormalizer normalizer, TimeProvider time) : ISignatureVerifier
{
    public async Task<bool> VerifyAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
        {
            return false;
        }
        var normalized = normalizer.NormalizeName(userName);
        await using var db = database.CreateContext();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken)
            .ConfigureAwait(false);
        if (user?.PasswordHash is null || (user.LockoutEnd is { } end && end > time.GetUtcNow()))
        {
            return false;
        }
        return hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
    }
}
