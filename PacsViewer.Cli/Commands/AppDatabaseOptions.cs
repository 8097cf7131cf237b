using System.CommandLine;
using Microsoft.Extensions.Configuration;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Data;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// The options of a verb that works on the app's own database and archive (<c>pacs jobs</c>, <c>pacs send</c>,
/// <c>pacs export</c>): <c>--archive</c>, <c>--provider</c>, <c>--database</c> as <c>pacs import</c> has them (the
/// SQLite file beside the archive folder by default, as the web app uses), and <c>--set KEY=VALUE</c> for any other
/// setting the web app reads (e.g. <c>Pacs:Sources:0:Name=ORTHANC</c>). <see cref="OpenAsync"/> builds Core's services on them.
/// </summary>
internal sealed class AppDatabaseOptions
{
    private readonly Option<string> _archive = new("--archive")
    {
        Description = "The built-in archive's root folder.",
        DefaultValueFactory = _ => ArchiveOptions.DefaultPath,
    };
    private readonly Option<DatabaseProvider> _provider = new("--provider")
    {
        Description = "The app database: Sqlite or Postgres.",
        DefaultValueFactory = _ => DatabaseProvider.Sqlite,
    };
    private readonly Option<string?> _database = new("--database")
    {
        Description = "The app database's connection string (default: SQLite file pacsviewer.db beside the archive folder, as the web app uses).",
    };
    private readonly Option<string[]> _settings = new("--set")
    {
        Description = "A setting as the web app reads it, KEY=VALUE (repeatable), e.g. Pacs:Sources:0:Name=ORTHANC.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Adds the options to <paramref name="command"/> (and, recursively, to its subcommands).</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _archive.Recursive = true;
        _provider.Recursive = true;
        _database.Recursive = true;
        _settings.Recursive = true;
        command.Options.Add(_archive);
        command.Options.Add(_provider);
        command.Options.Add(_database);
        command.Options.Add(_settings);
    }

    /// <summary>The configuration these options describe (the same keys as the web app's appsettings).</summary>
    public IConfiguration Configuration(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var archivePath = Path.GetFullPath(parse.GetValue(_archive)!);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Archive:Path"] = archivePath,
            ["Database:Provider"] = parse.GetValue(_provider).ToString(),
            ["ConnectionStrings:" + DatabaseOptions.ConnectionStringName] = parse.GetValue(_database)
                ?? $"Data Source={Path.Combine(Path.GetDirectoryName(archivePath) ?? archivePath, "pacsviewer.db")}",
        };
        foreach (var setting in parse.GetValue(_settings) ?? [])
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliUsageException($"--set {setting}: expected KEY=VALUE");
            }
            values[setting[..equals].Trim()] = setting[(equals + 1)..];
        }
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>Opens the app database (migrated) and the built-in archive, with Core's services and the job runner.</summary>
    public Task<CliAppServices> OpenAsync(ParseResult parse, CancellationToken cancellationToken) =>
        CliAppServices.OpenAsync(Configuration(parse), cancellationToken);
}
