namespace Sekisho.EndToEnd.Tests;

/// <summary>All end-to-end tests share one server process (starting one costs seconds on a loaded machine).</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerProcess>
{
    public const string Name = "server";
}
