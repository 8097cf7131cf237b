namespace PacsViewer.Core.Data;

/// <summary>
/// Which database the app uses: <c>Database:Provider</c> (Sqlite or Postgres) and the connection string
/// <c>ConnectionStrings:PacsViewer</c>. Every EF Core context of the app (the archive index now, the worklist and
/// reports later) is built from these through <see cref="DbContextOptionsBuilderExtensions.UseConfiguredDatabase"/>.
/// </summary>
public sealed record DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>The name under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "PacsViewer";

    /// <summary>The SQLite file used when no connection string is configured, relative to the content root.</summary>
    public const string DefaultSqliteFile = "data/pacsviewer.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>An ADO.NET connection string for <see cref="Provider"/>; null means the default SQLite file.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long one database command may run before it is abandoned.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
