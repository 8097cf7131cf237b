namespace PacsViewer.Core.Security;

/// <summary>Development demo accounts (section <c>Demo</c>): their shared password.</summary>
public sealed record DemoUserOptions
{
    public const string SectionName = "Demo";

    /// <summary>The default of <c>Demo:Password</c> (documented in the README; Development only).</summary>
    public const string DefaultPassword = "Demo-Password-1";

    /// <summary>The password of the demo users <c>radiologist</c>, <c>radiologist2</c>, <c>clinician</c>, <c>admin</c>.</summary>
    public string Password { get; set; } = DefaultPassword;
}
