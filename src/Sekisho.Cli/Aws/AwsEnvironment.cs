namespace Sekisho.Cli.Aws;

/// <summary>
/// What the AWS configuration is read from: environment variables, the home directory, and where an MFA code is
/// asked for. Passed in so tests run with a temporary HOME, their own variables and a scripted stdin.
/// </summary>
/// <param name="GetVariable">An environment variable's value, or null when unset.</param>
/// <param name="HomeDirectory">Where <c>~/.aws</c> lives.</param>
/// <param name="PromptInput">Where an MFA code is read from.</param>
/// <param name="PromptOutput">Where the MFA prompt is written.</param>
/// <param name="WorkingDirectory">Where a relative credential_process runs.</param>
public sealed record AwsEnvironment(Func<string, string?> GetVariable, string HomeDirectory, TextReader PromptInput,
    TextWriter PromptOutput, string? WorkingDirectory = null)
{
    /// <summary>
    /// The process's environment. MFA codes are asked on stderr and read from stdin (the terminal, or the pipe when
    /// there is none) a byte at a time, so nothing meant for the session is read ahead.
    /// </summary>
    public static AwsEnvironment FromProcess(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h
            ? h
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var input = ReferenceEquals(console.In, Console.In) ? new UnbufferedLineReader(RawStandardStreams.OpenInput()) : console.In;
        return new AwsEnvironment(Environment.GetEnvironmentVariable, home, input, console.Error);
    }

    /// <summary>A variable's value, with an empty value treated as unset (as botocore does).</summary>
    public string? Variable(string name)
    {
        var value = GetVariable(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Expands a leading <c>~/</c> the way the AWS CLI does for file settings.</summary>
    public string ExpandHome(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == "~") return HomeDirectory;
        return path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(HomeDirectory, path[2..]) : path;
    }
}
