using Microsoft.AspNetCore.Identity;

namespace PacsViewer.Core.Security;

/// <summary>A user of the app (ASP.NET Core Identity), with the name shown on reports and in the worklist.</summary>
public sealed class PacsUser : IdentityUser
{
    /// <summary>The name printed on signed reports, e.g. "Dr A. Example".</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>When an admin disabled the account (null: enabled). A disabled user cannot sign in, and a live session ends at its next re-check.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>The user must choose a new password at the next sign-in (set by an admin, or a bootstrapped account).</summary>
    public bool MustChangePassword { get; set; }
}
