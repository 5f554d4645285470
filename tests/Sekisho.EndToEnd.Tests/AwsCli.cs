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
}
