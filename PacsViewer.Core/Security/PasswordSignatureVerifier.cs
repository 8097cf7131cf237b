using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Data;

namespace PacsViewer.Core.Security;

/// <summary>
/// Checks a signing password against the user's Identity password hash (the same hasher as the login), on a
/// short-lived context; a locked-out or unknown user never verifies.
/// </summary>
public sealed class PasswordSignatureVerifier(PacsViewerDatabase database, IOptions<PasswordHasherOptions> hasherOptions, TimeProvider time)
    : ISignatureVerifier
{
    // Identity's own (stateless) hasher and normalizer; Identity registers them scoped, this service is a singleton.
    private readonly PasswordHasher<PacsUser> _hasher = new(hasherOptions);
    private readonly UpperInvariantLookupNormalizer _normalizer = new();

    public async Task<bool> VerifyAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
        {
            return false;
        }
        var normalized = _normalizer.NormalizeName(userName);
        await using var db = database.CreateContext();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken)
            .ConfigureAwait(false);
        if (user?.PasswordHash is null || (user.LockoutEnd is { } end && end > time.GetUtcNow()))
        {
            return false;
        }
        return _hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
    }
}
