using Sekisho.Cli.Aws;

namespace Sekisho.Cli.Sessions;

/// <summary>The options of <c>sekisho session start</c>, parsed.</summary>
/// <param name="Parameters">From <c>--parameters</c>, in the AWS CLI's two forms (see <see cref="SessionParameters"/>).</param>
public sealed record SessionStartOptions(string Target, string? DocumentName,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters, string? Reason, AwsCliOptions Aws);
