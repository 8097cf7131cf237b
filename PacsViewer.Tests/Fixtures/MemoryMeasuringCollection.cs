namespace PacsViewer.Tests.Fixtures;

/// <summary>
/// Tests that measure the process's allocations (<see cref="GC.GetTotalAllocatedBytes"/>) run in this collection: xunit
/// runs it alone, after the parallel collections, so other tests' allocations do not count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuringCollection
{
    public const string Name = "MemoryMeasuring";
}
