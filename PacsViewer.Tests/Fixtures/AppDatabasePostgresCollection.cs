namespace PacsViewer.Tests.Fixtures;

/// <summary>
/// The reading-workflow suites on PostgreSQL share one throwaway cluster (a database per test):
/// <c>[Collection(AppDatabasePostgresCollection.Name)]</c>. One cluster instead of one per class spares the shared machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AppDatabasePostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "AppDatabasePostgres";
}
