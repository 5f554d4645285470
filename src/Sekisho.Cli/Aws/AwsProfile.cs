namespace Sekisho.Cli.Aws;

/// <summary>
/// One profile's settings merged from both files: the credentials file's <c>[name]</c> section wins over the config
/// file's <c>[profile name]</c> (or <c>[default]</c>) for a key set in both, as in botocore.
/// </summary>
public sealed class AwsProfile
{
    private readonly IReadOnlyDictionary<string, AwsIniValue> _credentials;
    private readonly IReadOnlyDictionary<string, AwsIniValue> _config;

    public AwsProfile(string name, AwsIniSection? configSection, AwsIniSection? credentialsSection)
    {
        Name = name;
        ConfigSection = configSection;
        CredentialsSection = credentialsSection;
        _config = configSection?.Values ?? new Dictionary<string, AwsIniValue>();
        _credentials = credentialsSection?.Values ?? new Dictionary<string, AwsIniValue>();
    }

    public string Name { get; }

    public AwsIniSection? ConfigSection { get; }

    public AwsIniSection? CredentialsSection { get; }

    /// <summary>The setting <paramref name="key"/>, with where it was written, or null.</summary>
    public AwsIniValue? Setting(string key) =>
        _credentials.TryGetValue(key, out var fromCredentials) ? fromCredentials
        : _config.TryGetValue(key, out var fromConfig) ? fromConfig
        : null;

    /// <summary>The value of <paramref name="key"/> when set and not empty.</summary>
    public string? Get(string key) => Setting(key) is { Value.Length: > 0 } v ? v.Value : null;

    /// <summary>The setting from the credentials file only (static keys are looked up there first).</summary>
    public AwsIniValue? CredentialsFileSetting(string key) => _credentials.TryGetValue(key, out var v) ? v : null;

    /// <summary>The setting from the config file only.</summary>
    public AwsIniValue? ConfigFileSetting(string key) => _config.TryGetValue(key, out var v) ? v : null;

    /// <summary>Where this profile is defined, for error messages.</summary>
    public string Where
    {
        get
        {
            var places = new List<string>(2);
            if (ConfigSection is { } config) places.Add($"[{config.Name}] in {config.File}");
            if (CredentialsSection is { } credentials) places.Add($"[{credentials.Name}] in {credentials.File}");
            return places.Count == 0 ? $"profile {Name} (not in any file)" : string.Join(" and ", places);
        }
    }
}
