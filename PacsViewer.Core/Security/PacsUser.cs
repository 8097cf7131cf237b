using Microsoft.AspNetCore.Identity;

namespace PacsViewer.Core.Security;

/// <summary>A user of the app (ASP.NET Core Identity), with the name shown on reports and in the worklist.</summary>
public sealed class PacsUser : IdentityUser
{
    /// <summary>The name printed on signed reports, e.g. "Dr A. Example".</summary>
    public string DisplayName { get; set; } = "";
}
