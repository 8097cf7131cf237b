namespace PacsViewer.Core.Archive;

/// <summary>
/// A PACS connection managed by an admin in the app (issue 7), stored in the app database beside the read-only
/// <c>Pacs:Sources</c> of the configuration. <see cref="SettingsJson"/> holds the non-secret settings of a
/// <see cref="PacsSourceOptions"/> (URL, AE titles, host, port, retrieve method, timeouts); <see cref="ProtectedSecrets"/>
/// the password or bearer token, encrypted with ASP.NET Core Data Protection, never in clear text.
/// </summary>
public sealed class PacsConnection
{
    public int Id { get; set; }

    /// <summary>The source id (unique, also among the configured sources).</summary>
    public string Name { get; set; } = "";

    public PacsSourceKind Kind { get; set; }

    public string SettingsJson { get; set; } = "{}";

    public string? ProtectedSecrets { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    /// <summary>Optimistic concurrency: two admins editing one connection cannot overwrite each other unseen.</summary>
    public Guid Version { get; set; }
}
