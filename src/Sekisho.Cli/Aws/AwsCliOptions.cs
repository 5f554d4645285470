namespace Sekisho.Cli.Aws;

/// <summary>
/// The global options of the AWS CLI that Sekisho's AWS-speaking commands take, with the same names and meaning:
/// <c>--profile</c>, <c>--region</c>, <c>--endpoint-url</c>, <c>--no-verify-ssl</c>, <c>--ca-bundle</c>.
/// </summary>
public sealed record AwsCliOptions(string? Profile = null, string? Region = null, string? EndpointUrl = null,
    bool NoVerifySsl = false, string? CaBundle = null)
{
    /// <summary>The options that take a value, for <see cref="Arguments"/>.</summary>
    public static IReadOnlyList<string> ValueOptions { get; } = ["profile", "region", "endpoint-url", "ca-bundle"];

    /// <summary>The flag options, for <see cref="Arguments"/>.</summary>
    public static IReadOnlyList<string> FlagOptions { get; } = ["no-verify-ssl"];

    /// <summary>Help lines for the options, indented like the rest of the CLI's usage texts.</summary>
    public const string Help = """
          --profile NAME        use profile NAME of ~/.aws/config and ~/.aws/credentials (default: $AWS_PROFILE,
                                then "default"); a profile given here ignores AWS_ACCESS_KEY_ID and friends
          --region REGION       region to sign for (default: $AWS_REGION, $AWS_DEFAULT_REGION, the profile's region)
          --endpoint-url URL    the Sekisho server (default: $AWS_ENDPOINT_URL_SSM, the profile's services ssm
                                endpoint_url, $AWS_ENDPOINT_URL, the profile's endpoint_url)
          --no-verify-ssl       do not verify the server's TLS certificate
          --ca-bundle FILE      PEM certificates to trust for TLS, e.g. the server's self-signed certificate
                                (default: $AWS_CA_BUNDLE, the profile's ca_bundle)

        """;

    public static AwsCliOptions FromArguments(Arguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return new AwsCliOptions(arguments.Option("profile"), arguments.Option("region"), arguments.Option("endpoint-url"),
            arguments.Has("no-verify-ssl"), arguments.Option("ca-bundle"));
    }
}
