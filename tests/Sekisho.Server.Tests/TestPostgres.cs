using Sekisho.TestSupport;

namespace Sekisho.Server.Tests;

/// <summary>
/// The PostgreSQL server the tests use. A missing server is a failure, never a skip: CI must provide one, and a
/// developer is told how to start one.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "SEKISHO_TEST_POSTGRES";

    public static bool IsConfigured => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 };

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(RepoPaths.IsCi
                ? $"{Variable} is not set: .ci/run must start PostgreSQL with tools/ci/start-postgres.sh and export it"
                : $"{Variable} is not set: run 'eval \"$(tools/ci/start-postgres.sh)\"' (needs Debian's postgresql package) and run the tests again");
}
