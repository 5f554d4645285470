using System.Text;
using System.Text.RegularExpressions;
using Sekisho.Cli.Aws;

namespace Sekisho.Cli.Sessions.Tunnels;

/// <summary>
/// The OpenSSH side of SSH through Sekisho: the ProxyCommand that runs this CLI's <c>session start</c> with
/// <c>AWS-StartSSHSession</c> for <c>%h</c> and <c>%p</c>, the <c>Host mi-*</c> block for <c>~/.ssh/config</c>, and
/// the argument list <c>sekisho ssh</c> gives <c>ssh</c>.
/// </summary>
public static partial class SshProxyCommand
{
    public const string DocumentName = "AWS-StartSSHSession";

    /// <summary>How to run this CLI from a shell: the apphost, or <c>dotnet sekisho.dll</c> when run through dotnet.</summary>
    public static string Self()
    {
        var process = Environment.ProcessPath ?? throw new CliException("cannot tell where this sekisho executable is");
        var name = Path.GetFileNameWithoutExtension(process);
        return string.Equals(name, "dotnet", StringComparison.Ordinal)
            ? $"{ShellQuote(process)} {ShellQuote(typeof(SshProxyCommand).Assembly.Location)}"
            : ShellQuote(process);
    }

    /// <summary>The ProxyCommand line (ssh runs it with the user's shell; <c>%h</c>/<c>%p</c> are ssh's tokens).</summary>
    public static string Build(string self, AwsCliOptions aws)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(aws);
        var line = new StringBuilder(self)
            .Append(" session start --target %h --document-name ").Append(DocumentName).Append(" --parameters portNumber=%p");
        AppendOption(line, "profile", aws.Profile);
        AppendOption(line, "region", aws.Region);
        AppendOption(line, "endpoint-url", aws.EndpointUrl);
        AppendOption(line, "ca-bundle", aws.CaBundle);
        if (aws.NoVerifySsl)
        {
            line.Append(" --no-verify-ssl");
        }
        return line.ToString();
    }

    /// <summary>The block <c>sekisho ssh-config</c> prints.</summary>
    public static string ConfigBlock(string self, AwsCliOptions aws) =>
        "# Sekisho: ssh, scp and sftp to managed nodes (mi-...) through the gateway. Add to ~/.ssh/config.\n" +
        "Host mi-*\n" +
        $"    ProxyCommand {Build(self, aws)}\n";

    /// <summary>ssh's arguments for <c>sekisho ssh SSH-OPTIONS... DESTINATION REST...</c>.</summary>
    /// <exception cref="CliException">The destination is not <c>[user@]mi-...</c>.</exception>
    public static IReadOnlyList<string> SshArguments(string self, AwsCliOptions aws, IReadOnlyList<string> sshOptions, string destination,
        IReadOnlyList<string> rest)
    {
        ArgumentNullException.ThrowIfNull(sshOptions);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(rest);
        var at = destination.LastIndexOf('@');
        var host = at < 0 ? destination : destination[(at + 1)..];
        if (!NodeId().IsMatch(host) || (at == 0))
        {
            throw new CliException($"'{destination}' is not [USER@]mi-... (a managed node id: mi- and 17 hex digits)");
        }
        // ssh keeps the first value it is given for an option: the ProxyCommand comes first.
        return ["-o", $"ProxyCommand={Build(self, aws)}", .. sshOptions, destination, .. rest];
    }

    /// <summary>Quotes for a POSIX shell when needed.</summary>
    public static string ShellQuote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && SafeWord().IsMatch(value) ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static void AppendOption(StringBuilder line, string name, string? value)
    {
        if (value is not null)
        {
            // ssh expands %-tokens in ProxyCommand, so a literal percent sign is doubled.
            line.Append(" --").Append(name).Append(' ').Append(ShellQuote(value).Replace("%", "%%", StringComparison.Ordinal));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_./:=,+@-]+$")]
    private static partial Regex SafeWord();

    [GeneratedRegex("^mi-[0-9a-f]{17}$")]
    private static partial Regex NodeId();
}
