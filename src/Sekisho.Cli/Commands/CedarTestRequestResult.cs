using Sekisho.Cedar.Authorization;

namespace Sekisho.Cli.Commands;

/// <summary>One request of a test file: what the engine decided and, when it differs from the expected values, how.</summary>
public sealed record CedarTestRequestResult(string File, string Description, AuthorizationResponse Response, string? Failure)
{
    public bool Passed => Failure is null;
}
