namespace PacsViewer.Core.Security;

/// <summary>The application's roles (issue 7): who may read and sign, who may only view, who administers.</summary>
public static class PacsRoles
{
    /// <summary>Reads studies, drafts and signs reports.</summary>
    public const string Radiologist = "Radiologist";

    /// <summary>Views images and Final reports (with their addenda); no claiming, no drafting.</summary>
    public const string Clinician = "Clinician";

    /// <summary>Manages users, roles, PACS connections and report templates; may release any study lock.</summary>
    public const string Admin = "Admin";

    /// <summary>Every role, in the order they are created.</summary>
    public static IReadOnlyList<string> All { get; } = [Radiologist, Clinician, Admin];
}
