namespace Sekisho.TestSupport;

/// <summary>
/// Debian's AWS CLI v2 as the tests call it: its fixed path (a pip AWS CLI v1 may come first on PATH) and an
/// environment that keeps the machine's own AWS configuration, keys and pager out of a test.
/// </summary>
public static class AwsCliEnvironment
{
    public const string Path = "/usr/bin/aws";

    /// <summary>An environment that reads credentials only from <paramref name="credentialsFile"/> (profile default).</summary>
    public static Dictionary<string, string> WithCredentialsFile(string credentialsFile) => new()
    {
        ["AWS_SHARED_CREDENTIALS_FILE"] = credentialsFile,
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_PAGER"] = "",
        ["AWS_ACCESS_KEY_ID"] = "",
        ["AWS_SECRET_ACCESS_KEY"] = "",
        ["AWS_SESSION_TOKEN"] = "",
        ["AWS_PROFILE"] = "default",
    };
}
