namespace PacsViewer.Core.Network.Dimse;

/// <summary>Bounds on reassembled DIMSE messages.</summary>
public sealed record DimseChannelLimits
{
    public static readonly DimseChannelLimits Default = new();

    /// <summary>A command set is a few hundred bytes; more than this is an attack or a bug.</summary>
    public int MaxCommandBytes { get; init; } = 64 * 1024;

    /// <summary>Largest data set held in memory (C-FIND identifiers and results); stored instances go to files.</summary>
    public long MaxDatasetBytesInMemory { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest instance written to a file by a C-STORE receiver.</summary>
    public long MaxInstanceBytes { get; init; } = 4L * 1024 * 1024 * 1024;
}
