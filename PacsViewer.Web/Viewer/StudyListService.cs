using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Logging;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Web.Viewer;

/// <summary>
/// Searches the configured study sources for the study list page: all of them at once (or one), each bounded by
/// <see cref="SourceTimeout"/>; a source that fails or times out gives a message and the others' results still show.
/// Each source's search is audited (<see cref="AuditActions.PacsQuery"/>, one record per source with the query's keys and
/// the number of studies found, or the failure) before its results are shown.
/// </summary>
public sealed partial class StudyListService(StudySourceCatalog catalog, IAuditLog audit, ILogger<StudyListService> logger)
{
    /// <summary>How long one source may take to answer a search.</summary>
    public static readonly TimeSpan SourceTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Results per source at most.</summary>
    public const int Limit = 200;

    /// <summary>The configured source ids, in order.</summary>
    public IReadOnlyList<string> SourceIds => catalog.All.Select(s => s.Id).ToArray();

    /// <summary>
    /// The query of a search form: a name without wild cards matches names that begin with it (<c>DOE</c> finds
    /// <c>DOE^JOHN</c>); IDs and accession numbers match exactly unless they contain wild cards (PS3.4 C.2.2.2.4).
    /// </summary>
    public static StudyQuery ToQuery(StudySearchForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var name = Trimmed(form.PatientName);
        if (name is not null && !name.Contains('*', StringComparison.Ordinal) && !name.Contains('?', StringComparison.Ordinal))
        {
            name += "*";
        }
        return new StudyQuery
        {
            PatientName = name,
            PatientId = Trimmed(form.PatientId),
            AccessionNumber = Trimmed(form.AccessionNumber),
            Modality = Trimmed(form.Modality)?.ToUpperInvariant(),
            StudyDateFrom = form.From is { } from ? DateOnly.FromDateTime(from) : null,
            StudyDateTo = form.To is { } to ? DateOnly.FromDateTime(to) : null,
            Limit = Limit,
        };
    }

    /// <summary>Searches the sources for <paramref name="user"/>; each source's search is audited as theirs.</summary>
    public async Task<StudyListResult> SearchAsync(StudySearchForm form, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(user);
        var query = ToQuery(form);
        var sources = catalog.All.Where(s => form.Source is null || s.Id == form.Source).ToArray();
        var searches = sources.Select(s => SearchAndAuditAsync(s, query, user, cancellationToken)).ToArray();
        var answers = await Task.WhenAll(searches);
        var rows = answers.SelectMany(a => a.Rows)
            .OrderByDescending(r => r.Study.StudyDate ?? "", StringComparer.Ordinal)
            .ThenByDescending(r => r.Study.StudyTime ?? "", StringComparer.Ordinal)
            .ToArray();
        return new StudyListResult(rows, answers.Where(a => a.Error is not null).Select(a => a.Error!).ToArray());
    }

    private async Task<(List<StudyListRow> Rows, string? Error)> SearchAndAuditAsync(IStudySource source, StudyQuery query, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var answer = await SearchOneAsync(source, query, cancellationToken);
        var keys = DescribeKeys(query);
        await audit.RecordAsync(new AuditEntry(AuditActions.PacsQuery, answer.Error is null ? AuditOutcome.Success : AuditOutcome.SeriousFailure)
        {
            SourceName = source.Id,
            PatientId = IsExact(query.PatientId) ? query.PatientId : null,
            Detail = answer.Error is null
                ? string.Create(CultureInfo.InvariantCulture, $"{keys}; {answer.Rows.Count} studies")
                : $"{keys}; failed: {answer.Error}",
        }.By(user), CancellationToken.None);
        return answer;
    }

    /// <summary>The query's keys for the audit record: only those given, never more than the user typed.</summary>
    public static string DescribeKeys(StudyQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var keys = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                keys.Add($"{key}={value}");
            }
        }
        Add("PatientName", query.PatientName);
        Add("PatientID", query.PatientId);
        Add("AccessionNumber", query.AccessionNumber);
        Add("Modality", query.Modality);
        if (query.StudyDateFrom is not null || query.StudyDateTo is not null)
        {
            keys.Add(string.Create(CultureInfo.InvariantCulture, $"StudyDate={query.StudyDateFrom:yyyyMMdd}-{query.StudyDateTo:yyyyMMdd}"));
        }
        return keys.Count == 0 ? "all studies" : string.Join("; ", keys);
    }

    private static bool IsExact(string? value) => !string.IsNullOrEmpty(value) && value.IndexOfAny(['*', '?']) < 0;

    private async Task<(List<StudyListRow> Rows, string? Error)> SearchOneAsync(IStudySource source, StudyQuery query, CancellationToken cancellationToken)
    {
        var rows = new List<StudyListRow>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SourceTimeout);
        try
        {
            await foreach (var study in source.SearchStudiesAsync(query, timeout.Token))
            {
                rows.Add(new StudyListRow(source.Id, StudySummary.FromDataset(study)));
            }
            return (rows, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogSourceTimedOut(logger, source.Id);
            return (rows, $"{source.Id}: no answer within {SourceTimeout.TotalSeconds:0} s; its studies are not listed.");
        }
        catch (StudySourceException e)
        {
            LogSourceFailed(logger, source.Id, e.Message);
            return (rows, e.Message);
        }
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Study search of source {SourceId} timed out")]
    private static partial void LogSourceTimedOut(ILogger logger, string sourceId);

    // The message is the source's (protocol, status, path); it never carries the query's patient keys.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Study search of source {SourceId} failed: {Reason}")]
    private static partial void LogSourceFailed(ILogger logger, string sourceId, string reason);
}
