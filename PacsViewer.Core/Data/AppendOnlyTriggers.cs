namespace PacsViewer.Core.Data;

/// <summary>
/// The database's own guard of append-only tables (the audit trail, break-glass grants), behind
/// <see cref="PacsViewerDbContext"/>'s: triggers refusing UPDATE and DELETE (and TRUNCATE on PostgreSQL), so a change
/// through raw SQL or another client fails too. Used by the migrations of both providers.
/// </summary>
public static class AppendOnlyTriggers
{
    public static IEnumerable<string> CreateSqlite(string table) =>
    [
        $"CREATE TRIGGER \"{table}_NoUpdate\" BEFORE UPDATE ON \"{table}\" BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;",
        $"CREATE TRIGGER \"{table}_NoDelete\" BEFORE DELETE ON \"{table}\" BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;",
    ];

    public static IEnumerable<string> DropSqlite(string table) =>
    [
        $"DROP TRIGGER IF EXISTS \"{table}_NoUpdate\";",
        $"DROP TRIGGER IF EXISTS \"{table}_NoDelete\";",
    ];

    public static IEnumerable<string> CreatePostgres(string table) =>
    [
        $"CREATE OR REPLACE FUNCTION \"{table}_AppendOnly\"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{table} is append-only'; END $$;",
        $"CREATE TRIGGER \"{table}_NoUpdateDelete\" BEFORE UPDATE OR DELETE ON \"{table}\" FOR EACH ROW EXECUTE FUNCTION \"{table}_AppendOnly\"();",
        $"CREATE TRIGGER \"{table}_NoTruncate\" BEFORE TRUNCATE ON \"{table}\" FOR EACH STATEMENT EXECUTE FUNCTION \"{table}_AppendOnly\"();",
    ];

    public static IEnumerable<string> DropPostgres(string table) =>
    [
        $"DROP TRIGGER IF EXISTS \"{table}_NoTruncate\" ON \"{table}\";",
        $"DROP TRIGGER IF EXISTS \"{table}_NoUpdateDelete\" ON \"{table}\";",
        $"DROP FUNCTION IF EXISTS \"{table}_AppendOnly\"();",
    ];
}
