using System.Globalization;
using Sekisho.Protocol.Signing;

namespace Sekisho.Cli.Aws;

/// <summary>
/// Resolves credentials the way the AWS CLI v2 (botocore) does, first match wins:
/// <list type="number">
/// <item>the environment (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>), unless a
/// profile was named with <c>--profile</c>;</item>
/// <item>the profile's <c>role_arn</c>: STS AssumeRole with the credentials of <c>source_profile</c> (itself resolved
/// the same way, so profiles chain) or <c>credential_source = Environment</c>, asking for the code of
/// <c>mfa_serial</c>, with <c>role_session_name</c>, <c>external_id</c>, <c>duration_seconds</c>;</item>
/// <item>static keys in the credentials file;</item>
/// <item><c>credential_process</c> (JSON Version 1);</item>
/// <item>static keys in the config file.</item>
/// </list>
/// The result is kept until five minutes before it expires.
/// </summary>
public sealed class AwsCredentialChain
{
    private static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);

    private readonly AwsProfileConfig _config;
    private readonly AwsEnvironment _environment;
    private readonly bool _profileFromCommandLine;
    private readonly IRoleAssumer _roleAssumer;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AwsCredentials? _cached;

    /// <param name="profileName">The profile in use (<c>--profile</c>, else <c>AWS_PROFILE</c>, else default).</param>
    /// <param name="profileFromCommandLine">True for <c>--profile</c>: it negates environment credentials, as in botocore.</param>
    public AwsCredentialChain(AwsProfileConfig config, AwsEnvironment environment, string profileName, bool profileFromCommandLine,
        IRoleAssumer roleAssumer, TimeProvider? timeProvider = null)
    {
        _config = config;
        _environment = environment;
        ProfileName = profileName;
        _profileFromCommandLine = profileFromCommandLine;
        _roleAssumer = roleAssumer;
        _time = timeProvider ?? TimeProvider.System;
    }

    public string ProfileName { get; }

    /// <summary>The credentials to sign with, resolved on first use and again when they near expiry.</summary>
    /// <exception cref="CliException">The configuration is wrong or incomplete; the message says which file, profile and key.</exception>
    /// <exception cref="AwsServiceException">STS refused to assume a role.</exception>
    public async Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } cached && (cached.Expiration is null || cached.Expiration.Value - _time.GetUtcNow() > RefreshBefore))
            {
                return cached;
            }
            _cached = await ResolveAsync(cancellationToken).ConfigureAwait(false);
            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<AwsCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        if (!_profileFromCommandLine && FromEnvironment() is { } environmentCredentials)
        {
            return environmentCredentials;
        }
        // A profile named explicitly must exist; the implicit default may be absent (then nothing is found below).
        var named = _profileFromCommandLine || _environment.Variable("AWS_PROFILE") is not null;
        var profile = named ? _config.Get(ProfileName) : _config.GetOrEmpty(ProfileName);
        return await FromProfileAsync(profile, [], cancellationToken).ConfigureAwait(false)
               ?? throw new CliException(NotFoundMessage(profile));
    }

    private string NotFoundMessage(AwsProfile profile) =>
        $"Unable to locate credentials: no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment" +
        (_profileFromCommandLine ? " (ignored because --profile was given)" : "") +
        $", and profile {profile.Name} ({profile.Where}) has no role_arn, aws_access_key_id or credential_process " +
        $"(files read: {_config.ConfigFile}, {_config.CredentialsFile})";

    private AwsCredentials? FromEnvironment()
    {
        var keyId = _environment.Variable("AWS_ACCESS_KEY_ID");
        var secret = _environment.Variable("AWS_SECRET_ACCESS_KEY");
        if (keyId is null && secret is null)
        {
            return null;
        }
        if (keyId is null || secret is null)
        {
            throw new CliException($"Partial credentials found in the environment, missing: {(keyId is null ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY")}");
        }
        var token = _environment.Variable("AWS_SESSION_TOKEN") ?? _environment.Variable("AWS_SECURITY_TOKEN");
        DateTimeOffset? expiration = null;
        if (_environment.Variable("AWS_CREDENTIAL_EXPIRATION") is { } expiry)
        {
            expiration = ParseTime(expiry, "the environment variable AWS_CREDENTIAL_EXPIRATION");
        }
        return new AwsCredentials(new SigV4Credentials(keyId, secret, token), expiration, "environment");
    }

    private async Task<AwsCredentials?> FromProfileAsync(AwsProfile profile, IReadOnlyList<string> chain, CancellationToken cancellationToken)
    {
        if (profile.Setting("role_arn") is { } roleArn)
        {
            return await AssumeRoleAsync(profile, roleArn, chain, cancellationToken).ConfigureAwait(false);
        }
        return await FromProfileKeysOrProcessAsync(profile, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AwsCredentials?> FromProfileKeysOrProcessAsync(AwsProfile profile, CancellationToken cancellationToken)
    {
        if (StaticKeys(profile, profile.CredentialsSection, _config.CredentialsFile) is { } fromCredentialsFile)
        {
            return fromCredentialsFile;
        }
        if (profile.Setting("credential_process") is { Value.Length: > 0 } process)
        {
            return await CredentialProcess.RunAsync(process, profile.Name, _environment, cancellationToken).ConfigureAwait(false);
        }
        return StaticKeys(profile, profile.ConfigSection, _config.ConfigFile);
    }

    private static AwsCredentials? StaticKeys(AwsProfile profile, AwsIniSection? section, string file)
    {
        if (section is null)
        {
            return null;
        }
        section.Values.TryGetValue("aws_access_key_id", out var keyId);
        section.Values.TryGetValue("aws_secret_access_key", out var secret);
        if (keyId is null && secret is null)
        {
            return null;
        }
        if (keyId is not { Value.Length: > 0 } || secret is not { Value.Length: > 0 })
        {
            var missing = keyId is not { Value.Length: > 0 } ? "aws_access_key_id" : "aws_secret_access_key";
            var present = keyId ?? secret!;
            throw new CliException($"Partial credentials found in {file} [{section.Name}] (line {present.Line}): missing {missing}");
        }
        section.Values.TryGetValue("aws_session_token", out var token);
        token ??= section.Values.GetValueOrDefault("aws_security_token");
        return new AwsCredentials(new SigV4Credentials(keyId.Value, secret.Value, token is { Value.Length: > 0 } ? token.Value : null),
            null, $"profile {profile.Name} in {file}");
    }

    private async Task<AwsCredentials> AssumeRoleAsync(AwsProfile profile, AwsIniValue roleArn, IReadOnlyList<string> chain,
        CancellationToken cancellationToken)
    {
        var sourceProfile = profile.Setting("source_profile");
        var credentialSource = profile.Setting("credential_source");
        if (sourceProfile is not null && credentialSource is not null)
        {
            throw new CliException($"profile {profile.Name} ({profile.Where}) has both source_profile ({sourceProfile.Where}) and " +
                                   $"credential_source ({credentialSource.Where}); set only one");
        }
        AwsCredentials source;
        if (sourceProfile is { Value.Length: > 0 })
        {
            source = await SourceProfileCredentialsAsync(profile, sourceProfile, chain, cancellationToken).ConfigureAwait(false);
        }
        else if (credentialSource is { Value.Length: > 0 })
        {
            source = credentialSource.Value switch
            {
                "Environment" => FromEnvironment() ?? throw new CliException(
                    $"profile {profile.Name}: credential_source = Environment ({credentialSource.Where}) but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"),
                "Ec2InstanceMetadata" or "EcsContainer" => throw new CliException(
                    $"profile {profile.Name}: credential_source = {credentialSource.Value} ({credentialSource.Where}) is not supported by sekisho; use Environment or source_profile"),
                _ => throw new CliException(
                    $"profile {profile.Name}: credential_source = {credentialSource.Value} ({credentialSource.Where}) is not one of Environment, Ec2InstanceMetadata, EcsContainer"),
            };
        }
        else
        {
            throw new CliException($"profile {profile.Name} has role_arn ({roleArn.Where}) but neither source_profile nor credential_source");
        }

        var request = new AssumeRoleRequest(roleArn.Value,
            profile.Get("role_session_name") ?? string.Create(CultureInfo.InvariantCulture, $"sekisho-session-{_time.GetUtcNow().ToUnixTimeSeconds()}"),
            profile.Get("external_id"), DurationSeconds(profile));
        if (profile.Get("mfa_serial") is { } serial)
        {
            request = request with { SerialNumber = serial, TokenCode = await PromptMfaAsync(serial, cancellationToken).ConfigureAwait(false) };
        }
        return await _roleAssumer.AssumeRoleAsync(source, request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AwsCredentials> SourceProfileCredentialsAsync(AwsProfile profile, AwsIniValue sourceProfile,
        IReadOnlyList<string> chain, CancellationToken cancellationToken)
    {
        var name = sourceProfile.Value;
        if (name == profile.Name)
        {
            // A profile may name itself to say "assume the role with my own static keys" (botocore allows exactly this loop).
            return await FromProfileKeysOrProcessAsync(profile, cancellationToken).ConfigureAwait(false)
                   ?? throw new CliException($"profile {name} names itself as source_profile ({sourceProfile.Where}) but has no aws_access_key_id or credential_process");
        }
        var visited = new List<string>(chain) { profile.Name };
        if (visited.Contains(name))
        {
            throw new CliException($"Infinite loop in profile configuration: {string.Join(" -> ", visited)} -> {name} (source_profile at {sourceProfile.Where})");
        }
        var source = _config.Find(name) ?? throw new CliException(
            $"profile {profile.Name}: source_profile {name} ({sourceProfile.Where}) could not be found in {_config.ConfigFile} or {_config.CredentialsFile}");
        return await FromProfileAsync(source, visited, cancellationToken).ConfigureAwait(false)
               ?? throw new CliException($"profile {profile.Name}: source_profile {name} ({source.Where}) has no role_arn, aws_access_key_id or credential_process");
    }

    private static int? DurationSeconds(AwsProfile profile)
    {
        if (profile.Setting("duration_seconds") is not { Value.Length: > 0 } setting)
        {
            return null;
        }
        if (!int.TryParse(setting.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 900 or > 43200)
        {
            throw new CliException($"profile {profile.Name}: duration_seconds = {setting.Value} ({setting.Where}) is not a number of seconds from 900 to 43200");
        }
        return seconds;
    }

    private async Task<string> PromptMfaAsync(string serial, CancellationToken cancellationToken)
    {
        await _environment.PromptOutput.WriteAsync($"Enter MFA code for {serial}: ").ConfigureAwait(false);
        await _environment.PromptOutput.FlushAsync(cancellationToken).ConfigureAwait(false);
        var line = await _environment.PromptInput.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        var code = line?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            throw new CliException($"no MFA code was entered for {serial}");
        }
        return code;
    }

    internal static DateTimeOffset ParseTime(string text, string where)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw new CliException($"{where}: '{text}' is not an ISO 8601 time such as 2026-11-21T13:00:00Z");
        }
        return time;
    }
}
