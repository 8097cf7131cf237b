using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Tests.Core.Data;

/// <summary>
/// Base of the reading-workflow persistence suites: each test gets a fresh database of the provider under test
/// (<see cref="CreateDatabaseAsync"/>), migrated, with the roles and demo users, and Core's services wired by
/// <see cref="ServiceCollectionExtensions.AddPacsViewerCore"/> over a hand-moved clock. <see cref="RestartAsync"/>
/// builds a new service provider on the same database, as a server restart would.
/// </summary>
public abstract class AppDatabaseTestBase : IAsyncLifetime
{
    public const string Password = "Test-Password-1";
    public const string Source = "archive";

    private readonly string _root = Directory.CreateTempSubdirectory("pacs-app-db-").FullName;
    private ServiceProvider? _services;
    private DatabaseOptions? _database;

    internal ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));

    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("not initialised");

    protected DatabaseOptions Database => _database ?? throw new InvalidOperationException("not initialised");

    protected T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A fresh, empty database of the provider under test.</summary>
    protected abstract Task<DatabaseOptions> CreateDatabaseAsync(string folder);

    /// <summary>Extra settings for the configuration (e.g. lock idle time, delivery delays).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync(_root);
        _services = Build();
        await Get<PacsViewerDatabase>().MigrateAsync();
        await Get<IdentitySeeder>().SeedDemoUsersAsync(Password);
    }

    /// <summary>Disposes the services and builds new ones on the same database (a server restart).</summary>
    protected async Task RestartAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        _services = Build();
    }

    private ServiceProvider Build()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Database.Provider.ToString(),
            ["ConnectionStrings:PacsViewer"] = Database.ConnectionString,
            ["Archive:Path"] = Path.Combine(_root, "archive"),
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        // Fewer PBKDF2 rounds than in production: hashing is not under test and the machine is shared.
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
        services.AddPacsViewerCore(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>A signed-in user with one role, as the web app's authentication would make it.</summary>
    protected static ClaimsPrincipal User(string userName, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, userName), new Claim(ClaimTypes.Role, role)], "test"));

    protected static ClaimsPrincipal Radiologist => User("radiologist", PacsRoles.Radiologist);

    protected static ClaimsPrincipal Radiologist2 => User("radiologist2", PacsRoles.Radiologist);

    protected static ClaimsPrincipal Clinician => User("clinician", PacsRoles.Clinician);

    protected static ClaimsPrincipal Admin => User("admin", PacsRoles.Admin);

    /// <summary>Puts a study on the worklist as a source's study-level query result would describe it.</summary>
    protected async Task<StudyKey> AddStudyAsync(string uid, string patientName = "DOE^JANE", string patientId = "P1", string studyDate = "20240101",
        string modalities = "CT", string? accession = null, string? description = "CHEST CT", string birthDate = "19700102")
    {
        var b = new DicomDatasetBuilder()
            .Set(DicomTags.StudyInstanceUID, uid)
            .Set(DicomTags.PatientName, patientName)
            .Set(DicomTags.PatientID, patientId)
            .Set(DicomTags.PatientBirthDate, birthDate)
            .Set(DicomTags.PatientSex, "F")
            .Set(DicomTags.StudyDate, studyDate)
            .Set(DicomTags.StudyTime, "101500")
            .Set(DicomTags.AccessionNumber, accession ?? "ACC-" + uid)
            .Set(DicomTags.StudyID, "S1")
            .Set(DicomTags.ModalitiesInStudy, modalities.Split('\\'));
        if (description is not null)
        {
            b.Set(DicomTags.StudyDescription, description);
        }
        await Get<WorklistSynchronizer>().UpsertAsync(Source, b.ToDataset());
        return new StudyKey(Source, uid);
    }
}
