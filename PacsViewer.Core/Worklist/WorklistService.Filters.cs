using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;

namespace PacsViewer.Core.Worklist;

public sealed partial class WorklistService
{
    private static readonly JsonSerializerOptions FilterJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Saves (or replaces) a named filter of <paramref name="userName"/>.</summary>
    public async Task SaveFilterAsync(string userName, string name, WorklistFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        ArgumentNullException.ThrowIfNull(filter);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 128)
        {
            throw new WorklistException("A saved filter needs a name of 1 to 128 characters");
        }
        var json = JsonSerializer.Serialize(filter, FilterJson);
        await using var db = database.CreateContext();
        var row = await db.SavedWorklistFilters.FirstOrDefaultAsync(f => f.UserName == userName && f.Name == name, cancellationToken)
            .ConfigureAwait(false);
        if (row is null)
        {
            db.SavedWorklistFilters.Add(new SavedWorklistFilter { UserName = userName, Name = name, FilterJson = json, SavedAt = time.GetUtcNow() });
        }
        else
        {
            row.FilterJson = json;
            row.SavedAt = time.GetUtcNow();
        }
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The saved filters of <paramref name="userName"/> by name.</summary>
    public async Task<IReadOnlyList<(string Name, WorklistFilter Filter)>> GetFiltersAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.SavedWorklistFilters.AsNoTracking().Where(f => f.UserName == userName).OrderBy(f => f.Name)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(r => (r.Name, JsonSerializer.Deserialize<WorklistFilter>(r.FilterJson, FilterJson) ?? new WorklistFilter())).ToList();
    }

    /// <summary>Deletes a saved filter; false when there was none of that name.</summary>
    public async Task<bool> DeleteFilterAsync(string userName, string name, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.SavedWorklistFilters.Where(f => f.UserName == userName && f.Name == name)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
    }
}
