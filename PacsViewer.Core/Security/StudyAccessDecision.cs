namespace PacsViewer.Core.Security;

/// <summary>
/// Whether a user may see one study, and why. <see cref="CanBreakGlass"/> says whether a refused user may ask for
/// emergency access (clinicians only); <see cref="ExpiresAt"/> is the end of the break-glass grant in force.
/// </summary>
public sealed record StudyAccessDecision(StudyAccessKind Kind, bool CanBreakGlass = false, DateTimeOffset? ExpiresAt = null)
{
    public bool Allowed => Kind != StudyAccessKind.Denied;

    /// <summary>Access under break-glass: every use is audited with Emergency = true.</summary>
    public bool Emergency => Kind == StudyAccessKind.BreakGlass;
}
