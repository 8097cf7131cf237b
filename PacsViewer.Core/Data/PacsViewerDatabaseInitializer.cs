using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Security;

namespace PacsViewer.Core.Data;

/// <summary>
/// At start-up: applies the app database's migrations and creates the roles; in Development, seeds the demo users
/// with <c>Demo:Password</c> and logs their names (never in another environment). A database that cannot be
/// reached or migrated stops start-up with that error.
/// </summary>
public sealed class PacsViewerDatabaseInitializer(PacsViewerDatabase database, IdentitySeeder seeder, IHostEnvironment environment,
    IOptions<DemoUserOptions> demo, ILogger<PacsViewerDatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (environment.IsDevelopment())
        {
            await seeder.SeedDemoUsersAsync(demo.Value.Password, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Development demo users (password from Demo:Password): {Users}",
                string.Join(", ", DemoUser.All.Select(u => $"{u.UserName} ({u.Role})")));
        }
        else
        {
            await seeder.EnsureRolesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
