using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;
using PacsViewer.Core.Data;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Benchmarks.Worklist;

/// <summary>
/// Loads many <see cref="WorklistEntry"/> rows fast, below EF Core's change tracking: PostgreSQL through one binary
/// COPY, SQLite through one prepared INSERT in one transaction. Columns, names and value conversions come from the
/// context's model (the same that EF Core writes), so the rows read back exactly as if the app had saved them.
/// </summary>
internal static class WorklistBulkLoader
{
    public static async Task LoadAsync(PacsViewerDatabase database, IEnumerable<WorklistEntry> rows, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var entity = db.Model.FindEntityType(typeof(WorklistEntry)) ?? throw new InvalidOperationException("WorklistEntry is not in the model");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => !p.IsPrimaryKey())
            .Select(p => (Property: p, Column: p.GetColumnName(store)!)).ToList();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        switch (connection)
        {
            case NpgsqlConnection postgres:
                await CopyAsync(postgres, table, columns, rows, cancellationToken);
                await using (var vacuum = new NpgsqlCommand($"VACUUM ANALYZE \"{table}\"", postgres))
                {
                    // What autovacuum does after many inserts (PostgreSQL 13 and later): statistics for the planner,
                    // and the visibility map that lets index-only scans skip the table.
                    await vacuum.ExecuteNonQueryAsync(cancellationToken);
                }
                break;
            case SqliteConnection sqlite:
                await InsertAsync(sqlite, table, columns, rows, cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"No bulk load for {connection.GetType().Name}");
        }
    }

    private static object? ProviderValue(IProperty property, WorklistEntry row)
    {
        var value = property.PropertyInfo!.GetValue(row);
        var converter = property.GetTypeMapping().Converter;
        return value is null ? null : converter is null ? value : converter.ConvertToProvider(value);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, List<(IProperty Property, string Column)> columns,
        IEnumerable<WorklistEntry> rows, CancellationToken cancellationToken)
    {
        var list = string.Join(", ", columns.Select(c => $"\"{c.Column}\""));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({list}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        var types = columns.Select(c => DbType(c.Property.GetTypeMapping().Converter?.ProviderClrType ?? c.Property.ClrType)).ToArray();
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < columns.Count; i++)
            {
                var value = ProviderValue(columns[i].Property, row);
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(value, types[i], cancellationToken);
                }
            }
        }
        await importer.CompleteAsync(cancellationToken);
    }

    private static NpgsqlDbType DbType(Type clr)
    {
        var type = Nullable.GetUnderlyingType(clr) ?? clr;
        return type == typeof(string) ? NpgsqlDbType.Text
            : type == typeof(int) ? NpgsqlDbType.Integer
            : type == typeof(long) ? NpgsqlDbType.Bigint
            : type == typeof(DateTimeOffset) ? NpgsqlDbType.TimestampTz
            : throw new InvalidOperationException($"No COPY type for {type.Name}");
    }

    private static async Task InsertAsync(SqliteConnection connection, string table, List<(IProperty Property, string Column)> columns,
        IEnumerable<WorklistEntry> rows, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) " +
                             $"VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        await insert.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i].Value = ProviderValue(columns[i].Property, row) ?? DBNull.Value;
            }
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The number of rows in the table (a check that the load went through).</summary>
    public static async Task<int> CountAsync(PacsViewerDatabase database, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.WorklistEntries.CountAsync(cancellationToken);
    }
}
