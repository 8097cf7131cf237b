namespace PacsViewer.Core.Archive;

/// <summary>
/// One row of the PACS connections list: name, kind, address (URL or AE@host:port), whether it is enabled, whether
/// it comes from the configuration (read-only) or the database, and the last test result. No secrets.
/// </summary>
public sealed record PacsConnectionSummary(string Name, PacsSourceKind Kind, string Address, bool Enabled, bool FromConfiguration,
    Guid Version, SourceProbeResult? LastTest)
{
    public static string AddressOf(PacsSourceOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Kind == PacsSourceKind.Dimse ? $"{source.AeTitle}@{source.Host}:{source.Port}" : source.Url ?? "";
    }
}
