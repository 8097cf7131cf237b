namespace PacsViewer.Tests.Fixtures;

/// <summary>The xunit collection of tests that share one <see cref="OrthancFixture"/>: <c>[Collection(OrthancCollection.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class OrthancCollection : ICollectionFixture<OrthancFixture>
{
    public const string Name = "Orthanc";
}
