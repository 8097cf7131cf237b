namespace PacsViewer.Core.Security;

/// <summary>A Development demo account: user name, display name and role.</summary>
public sealed record DemoUser(string UserName, string DisplayName, string Role)
{
    /// <summary>The demo accounts seeded in Development (two radiologists, so locks can be tried).</summary>
    public static IReadOnlyList<DemoUser> All { get; } =
    [
        new("radiologist", "Dr Demo Radiologist", PacsRoles.Radiologist),
        new("radiologist2", "Dr Second Radiologist", PacsRoles.Radiologist),
        new("clinician", "Dr Demo Clinician", PacsRoles.Clinician),
        new("admin", "Demo Administrator", PacsRoles.Admin),
    ];
}
