namespace PacsViewer.Core.Archive;

/// <summary>
/// The admin form of one database PACS connection. The stored secret (password or bearer token) is never put here:
/// <see cref="HasStoredSecret"/> says whether there is one, and <see cref="NewPassword"/> or
/// <see cref="NewBearerToken"/> replace it only when typed (<see cref="ClearSecret"/> removes it).
/// <see cref="Version"/> is the concurrency token read with the connection (empty for a new one).
/// </summary>
public sealed class PacsConnectionEdit
{
    /// <summary>True for a connection not saved yet; its <see cref="Name"/> can be chosen (later it is the source id and stays).</summary>
    public bool IsNew { get; set; } = true;

    public string Name { get; set; } = "";

    public PacsSourceKind Kind { get; set; } = PacsSourceKind.DicomWeb;

    public bool Enabled { get; set; } = true;

    public string? Url { get; set; }

    public string? UserName { get; set; }

    public string? NewPassword { get; set; }

    public string? NewBearerToken { get; set; }

    public bool ClearSecret { get; set; }

    public bool HasStoredSecret { get; set; }

    public string? AeTitle { get; set; }

    public string? CallingAeTitle { get; set; }

    public string? Host { get; set; }

    public int Port { get; set; } = 104;

    public DimseRetrieveMethod RetrieveMethod { get; set; }

    public string? MoveDestinationAeTitle { get; set; }

    public int TimeoutSeconds { get; set; } = 60;

    public int Retries { get; set; } = 2;

    public Guid Version { get; set; }

    /// <summary>The settings of the kind chosen (the other kind's fields left out), with the given secrets.</summary>
    public PacsSourceOptions ToOptions(string? password, string? bearerToken)
    {
        var dicomWeb = Kind == PacsSourceKind.DicomWeb;
        var dimse = Kind == PacsSourceKind.Dimse;
        return new PacsSourceOptions
        {
            Name = Name.Trim(),
            Kind = Kind,
            Url = dicomWeb ? Trimmed(Url) : null,
            UserName = dicomWeb ? Trimmed(UserName) : null,
            Password = dicomWeb ? password : null,
            BearerToken = dicomWeb ? bearerToken : null,
            AeTitle = dimse ? Trimmed(AeTitle) : null,
            CallingAeTitle = dimse ? Trimmed(CallingAeTitle) : null,
            Host = dimse ? Trimmed(Host) : null,
            Port = dimse ? Port : 0,
            RetrieveMethod = dimse ? RetrieveMethod : DimseRetrieveMethod.Get,
            MoveDestinationAeTitle = dimse && RetrieveMethod == DimseRetrieveMethod.Move ? Trimmed(MoveDestinationAeTitle) : null,
            TimeoutSeconds = TimeoutSeconds,
            Retries = Retries,
        };
    }

    /// <summary>A form showing <paramref name="source"/> (its secrets left out).</summary>
    public static PacsConnectionEdit From(PacsSourceOptions source, bool enabled, Guid version, bool hasStoredSecret)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new PacsConnectionEdit
        {
            IsNew = false,
            Name = source.Name,
            Kind = source.Kind,
            Enabled = enabled,
            Url = source.Url,
            UserName = source.UserName,
            HasStoredSecret = hasStoredSecret,
            AeTitle = source.AeTitle,
            CallingAeTitle = source.CallingAeTitle,
            Host = source.Host,
            Port = source.Port,
            RetrieveMethod = source.RetrieveMethod,
            MoveDestinationAeTitle = source.MoveDestinationAeTitle,
            TimeoutSeconds = source.TimeoutSeconds,
            Retries = source.Retries,
            Version = version,
        };
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
