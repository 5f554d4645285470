namespace Sekisho.Cli.Commands;

/// <summary>The outcome of one test file: each request, and whether validation matched <c>shouldValidate</c> (null: not checked).</summary>
public sealed record CedarTestFileResult(string File, bool? ValidationMatches, IReadOnlyList<CedarTestRequestResult> Requests);
