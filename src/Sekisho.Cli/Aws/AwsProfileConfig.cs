namespace Sekisho.Cli.Aws;

/// <summary>
/// The shared AWS config and credentials files as the AWS CLI v2 finds and reads them: <c>AWS_CONFIG_FILE</c>
/// (default <c>~/.aws/config</c>, sections <c>[default]</c>, <c>[profile NAME]</c>, <c>[services NAME]</c>) and
/// <c>AWS_SHARED_CREDENTIALS_FILE</c> (default <c>~/.aws/credentials</c>, sections <c>[NAME]</c>).
/// </summary>
public sealed class AwsProfileConfig
{
    private readonly IReadOnlyDictionary<string, AwsIniSection> _config;
    private readonly IReadOnlyDictionary<string, AwsIniSection> _credentials;

    public AwsProfileConfig(string configFile, IReadOnlyDictionary<string, AwsIniSection> config,
        string credentialsFile, IReadOnlyDictionary<string, AwsIniSection> credentials)
    {
        ConfigFile = configFile;
        CredentialsFile = credentialsFile;
        _config = config;
        _credentials = credentials;
    }

    public string ConfigFile { get; }

    public string CredentialsFile { get; }

    /// <summary>Reads both files named by <paramref name="environment"/>; missing files are empty.</summary>
    public static AwsProfileConfig Load(AwsEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var configFile = environment.ExpandHome(environment.Variable("AWS_CONFIG_FILE") ?? "~/.aws/config");
        var credentialsFile = environment.ExpandHome(environment.Variable("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials");
        return new AwsProfileConfig(configFile, AwsIniFile.Load(configFile), credentialsFile, AwsIniFile.Load(credentialsFile));
    }

    /// <summary>Whether <paramref name="name"/> is defined in either file.</summary>
    public bool Exists(string name) => ConfigSectionOf(name) is not null || _credentials.ContainsKey(name);

    /// <summary>The profile <paramref name="name"/>, or null when neither file defines it.</summary>
    public AwsProfile? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var config = ConfigSectionOf(name);
        _credentials.TryGetValue(name, out var credentials);
        return config is null && credentials is null ? null : new AwsProfile(name, config, credentials);
    }

    /// <summary>The profile <paramref name="name"/>; an empty one when undefined (the implicit default profile).</summary>
    public AwsProfile GetOrEmpty(string name) => Find(name) ?? new AwsProfile(name, null, null);

    /// <summary>The profile <paramref name="name"/>, or the AWS CLI's error when neither file defines it.</summary>
    public AwsProfile Get(string name) =>
        Find(name) ?? throw new CliException(
            $"The config profile ({name}) could not be found (looked for [profile {name}] in {ConfigFile} and [{name}] in {CredentialsFile})");

    /// <summary>A <c>[services NAME]</c> section of the config file.</summary>
    public AwsIniSection? Services(string name) => _config.TryGetValue("services " + name, out var s) ? s : null;

    private AwsIniSection? ConfigSectionOf(string name)
    {
        // botocore takes [profile default] over [default] when both exist.
        if (_config.TryGetValue("profile " + name, out var section)) return section;
        return name == "default" && _config.TryGetValue("default", out var plain) ? plain : null;
    }
}
