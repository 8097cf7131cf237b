namespace PacsViewer.Core.Distribution.Send;

/// <summary>What a user asks to send: a study (or one of its series) of a source, to a destination, by a method.</summary>
public sealed record SendRequest(string SourceName, string StudyInstanceUid, string? SeriesInstanceUid, string Destination, SendMethod Method = SendMethod.Store);
