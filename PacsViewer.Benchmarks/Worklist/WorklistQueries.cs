using PacsViewer.Core.Worklist;

namespace PacsViewer.Benchmarks.Worklist;

/// <summary>One worklist page the grid would ask for, as the user <see cref="User"/>.</summary>
internal sealed record WorklistQuery(string Name, WorklistPageRequest Request, string User);

/// <summary>
/// The page requests --worklist-compare times: the default reading order, the filters a reading room uses (modality
/// and date range, my unread studies, unassigned unread, a patient name prefix, an accession or patient ID, a
/// description word), and every sort column both ways, each at page 1 and (ascending) at a deep page.
/// </summary>
internal static class WorklistQueries
{
    public const int PageSize = 50;

    /// <summary>The deep page: page 200 of 50 rows (offset 9,950), or the last full page of a small table.</summary>
    public static int DeepOffset(int rows) => Math.Max(0, Math.Min(199 * PageSize, rows - PageSize));

    /// <param name="rows">The table's size.</param>
    /// <param name="sample">A row of the table, whose patient and accession the exact-match queries look up.</param>
    public static IReadOnlyList<WorklistQuery> For(int rows, WorklistEntry sample)
    {
        var me = SyntheticWorklist.User(2);
        var today = DateOnly.FromDateTime(SyntheticWorklist.Now.UtcDateTime);
        var deep = DeepOffset(rows);
        var namePrefix = sample.PatientNameKey![..3] + "*";
        WorklistQuery Q(string name, WorklistFilter filter, WorklistSortField sort = WorklistSortField.Priority, bool descending = false, int offset = 0) =>
            new(name, new WorklistPageRequest { Filter = filter, SortBy = sort, Descending = descending, Offset = offset, Limit = PageSize }, me);

        var list = new List<WorklistQuery>
        {
            Q("default order (priority, newest), page 1", new WorklistFilter()),
            Q($"default order, page {deep / PageSize + 1}", new WorklistFilter(), offset: deep),
            Q("modality CT, last 12 months", new WorklistFilter { Modality = "CT", StudyDateFrom = today.AddYears(-1), StudyDateTo = today }),
            Q("modality MR, last 12 months, by date newest", new WorklistFilter { Modality = "MR", StudyDateFrom = today.AddYears(-1), StudyDateTo = today },
                WorklistSortField.StudyDate, descending: true),
            Q("Unread + In progress, assigned to me", new WorklistFilter { Statuses = [ReadingStatus.Unread, ReadingStatus.InProgress], AssignedToMe = true }),
            Q("Unread, unassigned", new WorklistFilter { Statuses = [ReadingStatus.Unread], Unassigned = true }),
            Q("Stat + Urgent, not Final", new WorklistFilter
            {
                Priorities = [ReadingPriority.Stat, ReadingPriority.Urgent],
                Statuses = [ReadingStatus.Unread, ReadingStatus.InProgress, ReadingStatus.Preliminary],
            }),
            Q($"patient name prefix {namePrefix}", new WorklistFilter { PatientName = namePrefix.ToLowerInvariant() }),
            Q("patient ID exact", new WorklistFilter { PatientId = sample.PatientId }),
            Q("accession exact", new WorklistFilter { AccessionNumber = sample.AccessionNumber }),
            Q("description *KNEE*", new WorklistFilter { StudyDescription = "*knee*" }),
        };
        foreach (var field in Enum.GetValues<WorklistSortField>())
        {
            // Priority ascending is the default order above.
            if (field != WorklistSortField.Priority)
            {
                list.Add(Q($"sort {field} ascending", new WorklistFilter(), field));
                list.Add(Q($"sort {field} ascending, page {deep / PageSize + 1}", new WorklistFilter(), field, offset: deep));
            }
            list.Add(Q($"sort {field} descending", new WorklistFilter(), field, descending: true));
        }
        return list;
    }
}
