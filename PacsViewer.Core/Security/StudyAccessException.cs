namespace PacsViewer.Core.Security;

/// <summary>A break-glass request refused: no reason or too short a reason, or a role that may not ask for it.</summary>
public sealed class StudyAccessException(string message) : Exception(message);
