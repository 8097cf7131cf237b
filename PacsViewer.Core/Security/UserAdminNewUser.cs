namespace PacsViewer.Core.Security;

/// <summary>A user to create: the initial password must satisfy the password policy (<c>Auth:Password</c>).</summary>
public sealed record UserAdminNewUser(string UserName, string DisplayName, IReadOnlyList<string> Roles, string Password)
{
    /// <summary>The user must choose a new password at the first sign-in (true for accounts an admin creates).</summary>
    public bool MustChangePassword { get; init; } = true;

    /// <summary>Never print the password (records print their properties).</summary>
    public override string ToString() => $"{UserName} ({string.Join(',', Roles)})";
}
