namespace PacsViewer.Tests.Fixtures;

/// <summary>A DICOM peer Orthanc knows (its <c>DicomModalities</c> entry); a C-MOVE destination must be one.</summary>
public sealed record OrthancModality(string Name, string AeTitle, int Port, string Host = "127.0.0.1");
