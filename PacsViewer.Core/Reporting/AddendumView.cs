namespace PacsViewer.Core.Reporting;

/// <summary>A signed addendum as shown below the original report; <see cref="Version"/> 2 is the first.</summary>
public sealed record AddendumView(int Version, string Text, string AuthorUserName, string AuthorDisplayName, DateTimeOffset SignedAt);
