using Sekisho.Protocol.Signing;
using Sekisho.TestSupport;

namespace Sekisho.EndToEnd.Tests;

/// <summary>Runs <c>sekisho session start</c> as a separate process with the given credentials in the environment only.</summary>
public static class SekishoSession
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "sekisho.dll");

    public static Task<CliRunner.Result> RunAsync(ServerProcess server, SigV4Credentials credentials, string target, params string[] args) =>
        CliRunner.RunAsync("dotnet", [Dll, "session", "start", "--target", target, .. args],
            environment: Environment(server, credentials), timeout: TimeSpan.FromSeconds(60));

    /// <summary>No shared config or credential files: only these variables speak for the caller.</summary>
    public static Dictionary<string, string> Environment(ServerProcess server, SigV4Credentials credentials)
    {
        var home = Path.Combine(Path.GetTempPath(), "sekisho-e2e-session-home");
        Directory.CreateDirectory(home);
        return new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["AWS_CONFIG_FILE"] = Path.Combine(home, "none-config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(home, "none-credentials"),
            ["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey,
            ["AWS_SESSION_TOKEN"] = credentials.SessionToken ?? "",
            ["AWS_PROFILE"] = "",
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL"] = server.Endpoint.ToString().TrimEnd('/'),
            ["TERM"] = "xterm",
        };
    }
}
