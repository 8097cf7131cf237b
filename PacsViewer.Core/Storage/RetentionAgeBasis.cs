namespace PacsViewer.Core.Storage;

/// <summary>What a <see cref="RetentionRule"/> measures a study's age from.</summary>
public enum RetentionAgeBasis
{
    /// <summary>The study's Study Date (0008,0020); a study without one falls back to <see cref="ReceivedAt"/>.</summary>
    StudyDate,

    /// <summary>When the built-in archive received the study's first object.</summary>
    ReceivedAt,
}
