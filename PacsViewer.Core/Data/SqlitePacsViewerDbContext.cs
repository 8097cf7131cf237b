using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PacsViewer.Core.Data;

/// <summary>
/// The app database on SQLite; its migrations are in Data/Migrations/Sqlite. SQLite cannot compare or order
/// DateTimeOffset values in SQL, so they are stored as sortable integers here (all times are UTC).
/// </summary>
public sealed class SqlitePacsViewerDbContext(DbContextOptions<SqlitePacsViewerDbContext> options) : PacsViewerDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
