using Sekisho.TestSupport;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// Runs Debian's AWS CLI v2 (<c>/usr/bin/aws</c>) against the server with a private HOME, config and credentials
/// file so nothing from the machine leaks in, and one attempt per call. Missing CLI: a failure under CI=true.
/// </summary>
public sealed class AwsCli(ServerProcess server)
{
    public const string Path = AwsCliEnvironment.Path;

    public static bool Available => File.Exists(Path);

    /// <summary>Fails the test when the CLI is missing: under CI it must be installed; locally say what to install.</summary>
    public static void Require()
    {
        if (!Available)
            Assert.Fail(RepoPaths.IsCi
                ? "/usr/bin/aws is missing: CI must install Debian's awscli"
                : "/usr/bin/aws is missing: apt-get install -y awscli");
    }

    public async Task<CliRunner.Result> RunAsync(string keyId, string secret, string? token, params string[] args)
    {
        Require();
        var home = Directory.CreateTempSubdirectory("sekisho-aws-home-").FullName;
        try
        {
            var config = System.IO.Path.Combine(home, "config");
            var credentials = System.IO.Path.Combine(home, "credentials");
            await File.WriteAllTextAsync(config, "[default]\nregion = us-east-1\noutput = json\n");
            var creds = $"[default]\naws_access_key_id = {keyId}\naws_secret_access_key = {secret}\n";
            if (token is not null) creds += $"aws_session_token = {token}\n";
            await File.WriteAllTextAsync(credentials, creds);
            var environment = new Dictionary<string, string>
            {
                ["HOME"] = home,
                ["AWS_CONFIG_FILE"] = config,
                ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
                ["AWS_MAX_ATTEMPTS"] = "1",
                ["AWS_PAGER"] = "",
                ["AWS_EC2_METADATA_DISABLED"] = "true",
                ["AWS_ACCESS_KEY_ID"] = keyId,
                ["AWS_SECRET_ACCESS_KEY"] = secret,
            };
            if (token is not null) environment["AWS_SESSION_TOKEN"] = token;
            return await CliRunner.RunAsync(Path, ["--endpoint-url", server.Endpoint.ToString().TrimEnd('/'), .. args], environment: environment,
                timeout: TimeSpan.FromMinutes(1));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>
    /// Runs the CLI in <paramref name="home"/>, whose <c>config</c> and <c>credentials</c> files the caller wrote
    /// (profiles with <c>role_arn</c>, <c>source_profile</c>, <c>mfa_serial</c>), kept between calls so the CLI's
    /// assumed-role cache (<c>~/.aws/cli/cache</c>) is reused as it would be for a person. The CLI runs without a
    /// controlling terminal (<c>setsid</c>), so its MFA prompt (Python's getpass) reads the code from
    /// <paramref name="stdin"/> as it would from the keyboard.
    /// </summary>
    public async Task<CliRunner.Result> RunInHomeAsync(string home, string? stdin, params string[] args)
    {
        Require();
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["AWS_CONFIG_FILE"] = System.IO.Path.Combine(home, "config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = System.IO.Path.Combine(home, "credentials"),
            ["AWS_MAX_ATTEMPTS"] = "1",
            ["AWS_PAGER"] = "",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_ACCESS_KEY_ID"] = "",
            ["AWS_SECRET_ACCESS_KEY"] = "",
            ["AWS_SESSION_TOKEN"] = "",
        };
        return await CliRunner.RunAsync("/usr/bin/setsid", ["-w", Path, "--endpoint-url", server.Endpoint.ToString().TrimEnd('/'), .. args],
            stdin: stdin, environment: environment, timeout: TimeSpan.FromMinutes(1));
    }

    /// <summary>
    /// Points every STS client the CLI makes in <paramref name="home"/> at the server. The CLI's assume-role
    /// credential provider makes its own STS client, which ignores <c>--endpoint-url</c>, and the Debian CLI 2.9
    /// knows no <c>endpoint_url</c> profile setting (2.13 does). botocore reads service data from
    /// <c>~/.aws/models</c> before its own, so an endpoint rule set there that always answers the server's URL
    /// does it, for this HOME only.
    /// </summary>
    public void RouteStsToServer(string home)
    {
        var directory = System.IO.Path.Combine(home, ".aws", "models", "sts", "2011-06-15");
        Directory.CreateDirectory(directory);
        var url = server.Endpoint.ToString().TrimEnd('/');
        File.WriteAllText(System.IO.Path.Combine(directory, "endpoint-rule-set-1.json"), $$$"""
            {
              "version": "1.0",
              "parameters": {
                "Region": {"builtIn": "AWS::Region", "required": false, "documentation": "region", "type": "String"},
                "Endpoint": {"builtIn": "SDK::Endpoint", "required": false, "documentation": "endpoint", "type": "String"}
              },
              "rules": [{"conditions": [], "endpoint": {"url": "{{{url}}}", "properties": {}, "headers": {}}, "type": "endpoint"}]
            }
            """);
    }
}
