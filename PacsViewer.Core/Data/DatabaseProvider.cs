namespace PacsViewer.Core.Data;

/// <summary>The database engines the app's EF Core contexts run on (<c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file: the default, nothing to install.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, for production and several app servers.</summary>
    Postgres,
}
