using Sekisho.Protocol.Signing;

namespace Sekisho.Cli.Aws;

/// <summary>Credentials the chain resolved, when they expire (null: never) and where they came from (for errors and --debug).</summary>
public sealed record AwsCredentials(SigV4Credentials Credentials, DateTimeOffset? Expiration, string Source);
