namespace PacsViewer.Core.Network.Dimse;

/// <summary>C-MOVE / C-GET sub-operation counts of a response (PS3.7 9.1.3.1, 9.1.4.1: (0000,1020)-(0000,1023)).</summary>
public sealed record SubOperationProgress(int Remaining, int Completed, int Failed, int Warning);
