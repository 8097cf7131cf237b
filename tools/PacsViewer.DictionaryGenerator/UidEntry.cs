namespace PacsViewer.DictionaryGenerator;

/// <summary>One row of the PS3.6 Annex A UID registry; <see cref="Type"/> is a DicomUidType member name.</summary>
internal sealed record UidEntry(string Value, string Name, string Keyword, string Type, bool Retired);
