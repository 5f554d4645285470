using Sekisho.Cli.Aws;

namespace Sekisho.Cli.Sessions.Tunnels;

/// <summary>
/// The parts of <c>sekisho ssh</c>'s command line: Sekisho's own long options (<c>--profile P</c> or
/// <c>--profile=P</c>, ...), ssh's options given before the node as ssh itself takes them (<c>-i key</c>, <c>-ikey</c>,
/// <c>-4v</c>, <c>-o Name=value</c>), the <c>[USER@]mi-...</c> destination, and what follows it (more ssh options, the
/// remote command), which goes to ssh unchanged.
/// </summary>
/// <param name="AwsArguments">Sekisho's options, for <see cref="Arguments"/>.</param>
/// <param name="SshOptions">ssh's options before the destination, in their order.</param>
public sealed record SshCommandLine(IReadOnlyList<string> AwsArguments, IReadOnlyList<string> SshOptions, string Destination,
    IReadOnlyList<string> Rest)
{
    /// <summary>
    /// The letters of ssh's options that take a value (OpenSSH's usage: <c>-B -b -c -D -E -e -F -I -i -J -L -l -m -O -o
    /// -p -Q -R -S -W -w</c>, and <c>-P tag</c> of OpenSSH 9.4 on). Any other letter is a flag; one ssh does not know
    /// is left for ssh to report.
    /// </summary>
    private const string ValueLetters = "BbcDEeFIiJLlmOopPQRSWw";

    /// <exception cref="CliException">No destination, or an option without its value.</exception>
    public static SshCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var aws = new List<string>();
        var ssh = new List<string>();
        var i = 0;
        while (i < args.Count)
        {
            var arg = args[i];
            if (arg == "--")
            {
                i++;
                break;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                i = TakeSekishoOption(args, i, aws);
            }
            else if (arg.Length > 1 && arg[0] == '-')
            {
                i = TakeSshOption(args, i, ssh);
            }
            else
            {
                break;
            }
        }
        if (i >= args.Count)
        {
            throw new CliException("no node given (usage: sekisho ssh [SSH-OPTIONS] [USER@]mi-... [COMMAND])");
        }
        return new SshCommandLine(aws, ssh, args[i], [.. args.Skip(i + 1)]);
    }

    private static int TakeSekishoOption(IReadOnlyList<string> args, int i, List<string> aws)
    {
        var arg = args[i];
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        var name = eq > 0 ? arg[2..eq] : arg[2..];
        if (AwsCliOptions.FlagOptions.Contains(name) || eq > 0)
        {
            // A flag, or --name=value; Arguments reports a value given to a flag or an unknown name.
            aws.Add(arg);
            return i + 1;
        }
        if (!AwsCliOptions.ValueOptions.Contains(name))
        {
            throw new CliException(
                $"unknown option {arg} (sekisho ssh takes --{string.Join(", --", AwsCliOptions.ValueOptions.Concat(AwsCliOptions.FlagOptions))} " +
                "and ssh's own one-letter options)");
        }
        if (i + 1 >= args.Count)
        {
            throw new CliException($"option {arg} needs a value");
        }
        aws.Add(arg);
        aws.Add(args[i + 1]);
        return i + 2;
    }

    private static int TakeSshOption(IReadOnlyList<string> args, int i, List<string> ssh)
    {
        var arg = args[i];
        ssh.Add(arg);
        // As getopt reads a cluster: flags until a letter that takes a value, whose value is the rest of the word or,
        // when nothing is left of it, the next word.
        for (var at = 1; at < arg.Length; at++)
        {
            if (!ValueLetters.Contains(arg[at], StringComparison.Ordinal))
            {
                continue;
            }
            if (at + 1 < arg.Length)
            {
                return i + 1;
            }
            if (i + 1 >= args.Count)
            {
                throw new CliException($"ssh's option -{arg[at]} needs a value");
            }
            ssh.Add(args[i + 1]);
            return i + 2;
        }
        return i + 1;
    }
}
