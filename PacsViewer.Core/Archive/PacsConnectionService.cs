using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Data;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Core.Archive;

/// <summary>
/// The PACS connections an admin manages in the app (issue 7), beside the read-only <c>Pacs:Sources</c> of the
/// configuration: kept in <see cref="PacsViewerDbContext.PacsConnections"/> (settings as JSON, the password or bearer
/// token encrypted by <see cref="IPacsConnectionSecretProtector"/>), validated like configured sources, names unique
/// across both. Saving, enabling, disabling or deleting one puts its source into the <see cref="StudySourceCatalog"/>
/// (or takes it out) at once; on start the enabled ones are loaded. Every change checks the connection's
/// <see cref="PacsConnection.Version"/> (optimistic concurrency) and returns a description of what changed, without
/// secrets, for the caller's audit record. The Test button and readiness use <see cref="TestAsync(string, TimeSpan?, CancellationToken)"/>.
/// </summary>
public sealed partial class PacsConnectionService(PacsViewerDatabase database, StudySourceCatalog catalog, PacsConnectionSourceFactory factory,
    SourceProbe probe, IPacsConnectionSecretProtector protector, IOptions<PacsOptions> pacs, TimeProvider time,
    ILogger<PacsConnectionService> logger) : IHostedService
{
    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly ConcurrentDictionary<string, SourceProbeResult> _lastTests = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Guid> _loaded = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _refreshing;

    /// <summary>How often the catalog is matched to the database again (changes saved by another app instance).</summary>
    public static TimeSpan RefreshInterval { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Loads the enabled connections, then refreshes them every <see cref="RefreshInterval"/> until stopped.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        _refreshing = RefreshPeriodicallyAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_refreshing is not null)
        {
            await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RefreshPeriodicallyAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await RefreshAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRefreshFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopped
        }
    }

    /// <summary>The configured sources (DICOMweb and DIMSE) then the database connections, by name.</summary>
    public async Task<IReadOnlyList<PacsConnectionSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = Configured().Select(s => new PacsConnectionSummary(s.Name, s.Kind, PacsConnectionSummary.AddressOf(s), true, true, Guid.Empty, LastTest(s.Name))).ToList();
        await using var db = database.CreateContext();
        var rows = await db.PacsConnections.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        list.AddRange(rows.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .Select(r => new PacsConnectionSummary(r.Name, r.Kind, PacsConnectionSummary.AddressOf(Settings(r)), r.Enabled, false, r.Version, LastTest(r.Name))));
        return list;
    }

    /// <summary>The form of a database connection (no secret in it).</summary>
    public async Task<PacsConnectionEdit> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var row = await FindAsync(db, name, cancellationToken).ConfigureAwait(false);
        return PacsConnectionEdit.From(Settings(row), row.Enabled, row.Version, row.ProtectedSecrets is not null);
    }

    /// <summary>Creates (<see cref="PacsConnectionEdit.IsNew"/>) or updates a database connection; returns what changed.</summary>
    public async Task<string> SaveAsync(PacsConnectionEdit edit, string? userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = database.CreateContext();
            var now = time.GetUtcNow();
            PacsConnection row;
            PacsSourceOptions? before = null;
            Secrets? stored = null;
            Secrets? secrets;
            if (edit.IsNew)
            {
                await EnsureNameFreeAsync(db, edit.Name.Trim(), cancellationToken).ConfigureAwait(false);
                secrets = NewSecrets(edit, null);
                row = new PacsConnection { Name = edit.Name.Trim(), CreatedAt = now };
                db.PacsConnections.Add(row);
            }
            else
            {
                row = await FindAsync(db, edit.Name, cancellationToken).ConfigureAwait(false);
                ExpectVersion(db, row, edit.Version);
                before = Settings(row);
                stored = UnprotectSecrets(row);
                secrets = NewSecrets(edit, stored);
            }
            var options = edit.ToOptions(secrets?.Password, secrets?.BearerToken);
            options.Name = row.Name;
            Validate(options);
            var secretsChanged = !Equals(secrets, stored);
            var enabledChanged = !edit.IsNew && row.Enabled != edit.Enabled;
            row.Kind = options.Kind;
            row.SettingsJson = JsonSerializer.Serialize(WithoutSecrets(options), Json);
            row.ProtectedSecrets = secrets is null ? null : protector.Protect(JsonSerializer.Serialize(secrets, Json));
            row.Enabled = edit.Enabled;
            row.UpdatedAt = now;
            row.UpdatedBy = userName;
            row.Version = Guid.NewGuid();
            await SaveChangesAsync(db, row.Name, cancellationToken).ConfigureAwait(false);
            Apply(row.Name, row.Enabled ? options : null, row.Version);
            var detail = before is null
                ? $"created {options.Kind} connection {PacsConnectionSummary.AddressOf(options)}{(row.Enabled ? "" : " (disabled)")}{(secrets is null ? "" : ", with credentials")}"
                : Describe(before, options, secretsChanged, enabledChanged ? row.Enabled : null);
            LogChanged(row.Name, detail);
            return detail;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Enables or disables a database connection (its source joins or leaves the catalog); returns what changed.</summary>
    public async Task<string> SetEnabledAsync(string name, bool enabled, Guid version, string? userName, CancellationToken cancellationToken = default)
    {
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = database.CreateContext();
            var row = await FindAsync(db, name, cancellationToken).ConfigureAwait(false);
            ExpectVersion(db, row, version);
            var options = Settings(row);
            if (enabled)
            {
                var secrets = UnprotectSecrets(row);
                (options.Password, options.BearerToken) = (secrets?.Password, secrets?.BearerToken);
            }
            row.Enabled = enabled;
            row.UpdatedAt = time.GetUtcNow();
            row.UpdatedBy = userName;
            row.Version = Guid.NewGuid();
            await SaveChangesAsync(db, row.Name, cancellationToken).ConfigureAwait(false);
            Apply(row.Name, enabled ? options : null, row.Version);
            var detail = enabled ? "enabled" : "disabled";
            LogChanged(row.Name, detail);
            return detail;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Deletes a database connection and takes its source out of the catalog; returns what changed.</summary>
    public async Task<string> DeleteAsync(string name, Guid version, CancellationToken cancellationToken = default)
    {
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = database.CreateContext();
            var row = await FindAsync(db, name, cancellationToken).ConfigureAwait(false);
            ExpectVersion(db, row, version);
            var address = PacsConnectionSummary.AddressOf(Settings(row));
            db.PacsConnections.Remove(row);
            await SaveChangesAsync(db, row.Name, cancellationToken).ConfigureAwait(false);
            Apply(row.Name, null, null);
            _lastTests.TryRemove(row.Name, out _);
            var detail = $"deleted {row.Kind} connection {address}";
            LogChanged(row.Name, detail);
            return detail;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>
    /// Tests a saved connection (configured or database, enabled or not) with <see cref="SourceProbe"/> and keeps the
    /// result as its last test; an unknown name throws <see cref="PacsConnectionException"/>.
    /// </summary>
    public async Task<SourceProbeResult> TestAsync(string name, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var source = Configured().FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        if (source is null)
        {
            await using var db = database.CreateContext();
            source = WithSecrets(await FindAsync(db, name, cancellationToken).ConfigureAwait(false));
        }
        return Remember(await probe.ProbeAsync(source, timeout, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Tests the settings of a form before they are saved (the stored secret is used unless a new one is typed).</summary>
    public async Task<SourceProbeResult> TestAsync(PacsConnectionEdit edit, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        Secrets? stored = null;
        if (!edit.IsNew)
        {
            await using var db = database.CreateContext();
            stored = UnprotectSecrets(await FindAsync(db, edit.Name, cancellationToken).ConfigureAwait(false));
        }
        var secrets = NewSecrets(edit, stored);
        var options = edit.ToOptions(secrets?.Password, secrets?.BearerToken);
        Validate(options);
        return await probe.ProbeAsync(options, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every enabled connection to test for readiness: the configured remote sources and the enabled database ones, with their secrets.</summary>
    public async Task<IReadOnlyList<PacsSourceOptions>> EnabledAsync(CancellationToken cancellationToken = default)
    {
        var list = Configured().ToList();
        await using var db = database.CreateContext();
        var rows = await db.PacsConnections.AsNoTracking().Where(r => r.Enabled).ToListAsync(cancellationToken).ConfigureAwait(false);
        list.AddRange(rows.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Select(WithSecrets));
        return list;
    }

    /// <summary>Keeps <paramref name="result"/> as the connection's last test (shown in the list) and returns it.</summary>
    public SourceProbeResult Remember(SourceProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _lastTests[result.SourceName] = result;
        return result;
    }

    public SourceProbeResult? LastTest(string name) => _lastTests.TryGetValue(name, out var result) ? result : null;

    /// <summary>
    /// Makes the catalog match the database: every enabled connection's source built (or rebuilt when its version
    /// changed, e.g. by another app instance), every other database source removed. Run at start.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = database.CreateContext();
            var rows = await db.PacsConnections.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                if (!row.Enabled)
                {
                    Apply(row.Name, null, null);
                }
                else if (!_loaded.TryGetValue(row.Name, out var loaded) || loaded != row.Version)
                {
                    try
                    {
                        Apply(row.Name, WithSecrets(row), row.Version);
                    }
                    catch (Exception e) when (e is PacsConnectionException or ArgumentException or InvalidOperationException)
                    {
                        LogNotLoaded(row.Name, e.Message);
                    }
                }
            }
            foreach (var gone in _loaded.Keys.Except(rows.Where(r => r.Enabled).Select(r => r.Name), StringComparer.Ordinal).ToList())
            {
                Apply(gone, null, null);
            }
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Puts the connection's source into the catalog (null: takes it out).</summary>
    private void Apply(string name, PacsSourceOptions? options, Guid? version)
    {
        if (options is null)
        {
            catalog.Remove(name);
            _loaded.TryRemove(name, out _);
            return;
        }
        catalog.Set(factory.Create(options));
        _loaded[name] = version!.Value;
    }

    private IEnumerable<PacsSourceOptions> Configured() => pacs.Value.Sources.Where(s => s.Kind != PacsSourceKind.Archive);

    private void Validate(PacsSourceOptions options)
    {
        if (options.Kind == PacsSourceKind.Archive)
        {
            throw new PacsConnectionException("a PACS connection is DICOMweb or DIMSE; the built-in archive is configured, not managed here");
        }
        // The name is the source id in URLs (/api/sources/NAME/...) and on the worklist: a plain token.
        if (options.Name.Length > 64 || !options.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new PacsConnectionException("a connection name has 1 to 64 letters, digits, '-', '_' or '.'");
        }
        if (options.Validate() is { } problem)
        {
            throw new PacsConnectionException(problem);
        }
    }

    private async Task EnsureNameFreeAsync(PacsViewerDbContext db, string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new PacsConnectionException("a connection needs a name");
        }
        var lower = name.ToLowerInvariant();
        if (Configured().Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)) || catalog.IsConfigured(name)
            || await db.PacsConnections.AnyAsync(r => r.Name.ToLower() == lower, cancellationToken).ConfigureAwait(false))
        {
            throw new PacsConnectionException($"the name {name} is already used by another source; choose another");
        }
    }

    private static async Task<PacsConnection> FindAsync(PacsViewerDbContext db, string name, CancellationToken cancellationToken) =>
        await db.PacsConnections.FirstOrDefaultAsync(r => r.Name == name, cancellationToken).ConfigureAwait(false)
        ?? throw new PacsConnectionException($"there is no PACS connection {name} in the database (it may come from the configuration, or have been deleted)");

    /// <summary>The version the caller read must still be the row's; it is also the original value EF Core checks when saving.</summary>
    private static void ExpectVersion(PacsViewerDbContext db, PacsConnection row, Guid version)
    {
        if (row.Version != version)
        {
            throw new PacsConnectionConflictException(row.Name);
        }
        db.Entry(row).Property(r => r.Version).OriginalValue = version;
    }

    private static async Task SaveChangesAsync(PacsViewerDbContext db, string name, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new PacsConnectionConflictException(name, e);
        }
        catch (DbUpdateException e)
        {
            throw new PacsConnectionException($"PACS connection {name} could not be saved (is the name already used?)", e);
        }
    }
}
