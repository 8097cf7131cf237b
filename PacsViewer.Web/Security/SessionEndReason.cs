namespace PacsViewer.Web.Security;

/// <summary>Why the server ended a sign-in session (recorded as <c>AuditActions.SessionEnded</c>).</summary>
public enum SessionEndReason
{
    /// <summary>No activity for the user's idle timeout.</summary>
    Idle,

    /// <summary>The absolute session lifetime since sign-in passed.</summary>
    Lifetime,

    /// <summary>The account was disabled or locked out.</summary>
    Disabled,

    /// <summary>The account changed: roles, security stamp (password, sign-out everywhere), or deleted.</summary>
    Changed,
}
