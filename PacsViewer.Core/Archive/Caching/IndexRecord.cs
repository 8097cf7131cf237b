namespace PacsViewer.Core.Archive.Caching;

/// <summary>One cached file in <c>index.json</c>: its generated name, the instance it holds, its size in bytes.</summary>
internal sealed record IndexRecord(string? File, string? Source, string? Study, string? Series, string? Sop, long Size);
