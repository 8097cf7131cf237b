using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace PacsViewer.Core.Archive;

/// <summary>A connection row's settings and secrets in and out of their stored forms, and the wording of a change.</summary>
public sealed partial class PacsConnectionService
{
    /// <summary>The row's settings without secrets; the row's name and kind win over the JSON's.</summary>
    private static PacsSourceOptions Settings(PacsConnection row)
    {
        PacsSourceOptions options;
        try
        {
            options = JsonSerializer.Deserialize<PacsSourceOptions>(row.SettingsJson, Json) ?? new PacsSourceOptions();
        }
        catch (JsonException e)
        {
            throw new PacsConnectionException($"the stored settings of PACS connection {row.Name} are unreadable: {e.Message}", e);
        }
        options.Name = row.Name;
        options.Kind = row.Kind;
        options.Password = null;
        options.BearerToken = null;
        return options;
    }

    private PacsSourceOptions WithSecrets(PacsConnection row)
    {
        var options = Settings(row);
        var secrets = UnprotectSecrets(row);
        (options.Password, options.BearerToken) = (secrets?.Password, secrets?.BearerToken);
        return options;
    }

    private Secrets? UnprotectSecrets(PacsConnection row)
    {
        if (row.ProtectedSecrets is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<Secrets>(protector.Unprotect(row.ProtectedSecrets), Json);
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            throw new PacsConnectionException($"the stored credentials of PACS connection {row.Name} cannot be decrypted (were the Data Protection keys replaced?); type them again", e);
        }
    }

    /// <summary>The secrets to store after an edit: a typed password or token replaces the stored one, none keeps it, "clear" (or a DIMSE kind) drops it.</summary>
    private static Secrets? NewSecrets(PacsConnectionEdit edit, Secrets? stored)
    {
        var password = string.IsNullOrEmpty(edit.NewPassword) ? null : edit.NewPassword;
        var token = string.IsNullOrWhiteSpace(edit.NewBearerToken) ? null : edit.NewBearerToken.Trim();
        if (password is not null && token is not null)
        {
            throw new PacsConnectionException("type either a password or a bearer token, not both");
        }
        if (edit.Kind != PacsSourceKind.DicomWeb || edit.ClearSecret)
        {
            return null;
        }
        return password is not null ? new Secrets(password, null) : token is not null ? new Secrets(null, token) : stored;
    }

    private static PacsSourceOptions WithoutSecrets(PacsSourceOptions options) => new()
    {
        Name = options.Name,
        Kind = options.Kind,
        Url = options.Url,
        UserName = options.UserName,
        AeTitle = options.AeTitle,
        CallingAeTitle = options.CallingAeTitle,
        Host = options.Host,
        Port = options.Port,
        RetrieveMethod = options.RetrieveMethod,
        MoveDestinationAeTitle = options.MoveDestinationAeTitle,
        TimeoutSeconds = options.TimeoutSeconds,
        Retries = options.Retries,
    };

    /// <summary>The changed settings as "Field: old -> new", the secret only as "credentials replaced" or "removed".</summary>
    private static string Describe(PacsSourceOptions before, PacsSourceOptions after, bool secretsChanged, bool? enabled)
    {
        var changes = new List<string>();
        void Compare(string field, object? old, object? now)
        {
            if (!Equals(old, now))
            {
                changes.Add($"{field}: {old ?? "(none)"} -> {now ?? "(none)"}");
            }
        }
        Compare("Kind", before.Kind, after.Kind);
        Compare("Url", before.Url, after.Url);
        Compare("UserName", before.UserName, after.UserName);
        Compare("AeTitle", before.AeTitle, after.AeTitle);
        Compare("CallingAeTitle", before.CallingAeTitle, after.CallingAeTitle);
        Compare("Host", before.Host, after.Host);
        Compare("Port", before.Port, after.Port);
        Compare("RetrieveMethod", before.RetrieveMethod, after.RetrieveMethod);
        Compare("MoveDestinationAeTitle", before.MoveDestinationAeTitle, after.MoveDestinationAeTitle);
        Compare("TimeoutSeconds", before.TimeoutSeconds, after.TimeoutSeconds);
        Compare("Retries", before.Retries, after.Retries);
        if (secretsChanged)
        {
            changes.Add(after.Password is null && after.BearerToken is null ? "credentials removed" : "credentials replaced");
        }
        if (enabled is { } now)
        {
            changes.Add(now ? "enabled" : "disabled");
        }
        return changes.Count == 0 ? "saved without changes" : string.Join("; ", changes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PACS connection {Name} changed: {Detail}")]
    private partial void LogChanged(string name, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PACS connection {Name} was not loaded: {Reason}")]
    private partial void LogNotLoaded(string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the PACS connections from the database failed; retried later")]
    private partial void LogRefreshFailed(Exception error);

    private sealed record Secrets(string? Password, string? BearerToken);
}
