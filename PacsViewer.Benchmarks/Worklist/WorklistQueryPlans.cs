using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Data;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Benchmarks.Worklist;

/// <summary>
/// --worklist-compare --explain: the SQL that <see cref="WorklistService.QueryAsync"/> sends for each query (caught
/// from EF Core's DiagnosticListener as it executes, so it is the real command with its parameters) and the plan the
/// database makes of it: <c>EXPLAIN QUERY PLAN</c> on SQLite, <c>EXPLAIN (ANALYZE)</c> on PostgreSQL. On standard error.
/// </summary>
internal static class WorklistQueryPlans
{
    public static async Task PrintAsync(string provider, PacsViewerDatabase database, IReadOnlyList<WorklistQuery> queries)
    {
        var service = new WorklistService(database, new WorklistNotifier(), Options.Create(new WorklistOptions()), TimeProvider.System);
        foreach (var query in queries)
        {
            var commands = new List<(string Sql, List<(string Name, object? Value)> Parameters)>();
            using (Capture(commands))
            {
                await service.QueryAsync(query.Request, query.User);
            }
            foreach (var (sql, parameters) in commands)
            {
                await Console.Error.WriteLineAsync($"== {provider}: {query.Name}");
                await Console.Error.WriteLineAsync(sql);
                await using var db = database.CreateContext();
                var connection = db.Database.GetDbConnection();
                await connection.OpenAsync();
                await using var explain = connection.CreateCommand();
                explain.CommandText = (database.Provider == DatabaseProvider.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, COSTS OFF) ") + sql;
                foreach (var (name, value) in parameters)
                {
                    var p = explain.CreateParameter();
                    p.ParameterName = name;
                    p.Value = value ?? DBNull.Value;
                    explain.Parameters.Add(p);
                }
                await using var reader = await explain.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    // SQLite: id, parent, notused, detail; PostgreSQL: one line of text.
                    await Console.Error.WriteLineAsync("   " + reader.GetString(reader.FieldCount - 1));
                }
            }
        }
    }

    /// <summary>Records the text and parameters of every command EF Core executes until disposed.</summary>
    private static IDisposable Capture(List<(string Sql, List<(string Name, object? Value)> Parameters)> commands) =>
        DiagnosticListener.AllListeners.Subscribe(new ListenerObserver(commands));

    private sealed class ListenerObserver(List<(string Sql, List<(string Name, object? Value)> Parameters)> commands)
        : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                value.Subscribe(this);
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data)
            {
                commands.Add((data.Command.CommandText,
                    data.Command.Parameters.Cast<System.Data.Common.DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
