using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Sekisho.Protocol.Signing;

namespace Sekisho.Cli.Aws;

/// <summary>
/// <c>credential_process</c>: runs the command (split like a POSIX shell would, without a shell, as botocore does)
/// and reads <c>{"Version":1,"AccessKeyId","SecretAccessKey","SessionToken","Expiration"}</c> from its stdout.
/// </summary>
public static class CredentialProcess
{
    public static async Task<AwsCredentials> RunAsync(AwsIniValue setting, string profileName, AwsEnvironment environment,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(environment);
        var where = $"credential_process of profile {profileName} ({setting.Where})";
        var words = ShellWords.Split(setting.Value, where);
        if (words.Count == 0)
        {
            throw new CliException($"{where} is empty");
        }
        var psi = new ProcessStartInfo(environment.ExpandHome(words[0]))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        if (environment.WorkingDirectory is { } directory) psi.WorkingDirectory = directory;
        for (var i = 1; i < words.Count; i++) psi.ArgumentList.Add(words[i]);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new CliException($"{where}: cannot start {words[0]}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CliException($"{where}: cannot start {words[0]}: {e.Message}", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var errors = (await stderr.ConfigureAwait(false)).Trim();
            if (process.ExitCode != 0)
            {
                throw new CliException($"Error when retrieving credentials from {where}: exit code {process.ExitCode}" +
                                       (errors.Length > 0 ? ": " + errors : ""));
            }
            return Parse(output, where);
        }
    }

    /// <summary>Reads the process's JSON output.</summary>
    public static AwsCredentials Parse(string output, string where)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(output);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CliException($"Error when retrieving credentials from {where}: its output is not JSON ({e.Message})", e);
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CliException($"Error when retrieving credentials from {where}: its output is not a JSON object");
        }
        if (!root.TryGetProperty("Version", out var version))
        {
            throw new CliException($"Error when retrieving credentials from {where}: Missing required key in response: Version");
        }
        if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != 1)
        {
            throw new CliException($"Unsupported version '{version.GetRawText()}' for credential process provider ({where}), supported versions: 1");
        }
        var keyId = RequiredString(root, "AccessKeyId", where);
        var secret = RequiredString(root, "SecretAccessKey", where);
        string? token = root.TryGetProperty("SessionToken", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        DateTimeOffset? expiration = null;
        if (root.TryGetProperty("Expiration", out var exp) && exp.ValueKind == JsonValueKind.String)
        {
            expiration = AwsCredentialChain.ParseTime(exp.GetString()!, $"Expiration from {where}");
        }
        return new AwsCredentials(new SigV4Credentials(keyId, secret, string.IsNullOrEmpty(token) ? null : token), expiration, where);
    }

    private static string RequiredString(JsonElement root, string name, string where) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s
            ? s
            : throw new CliException($"Error when retrieving credentials from {where}: Missing required key in response: {name}");
}
