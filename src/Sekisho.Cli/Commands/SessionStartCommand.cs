using Sekisho.Cli.Aws;
using Sekisho.Cli.Sessions;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho session start</c>: StartSession with the AWS CLI's credentials and configuration, then the data
/// channel in the mode the session needs (shell, command, and the port and SSH modes).
/// </summary>
public static class SessionStartCommand
{
    public const string Usage = """
        usage: sekisho session start --target mi-... [--document-name D] [--parameters k=v,...] [--reason TEXT]
                                     [--profile P] [--region R] [--endpoint-url URL] [--no-verify-ssl] [--ca-bundle FILE]
          Opens a session on a node, as 'aws ssm start-session' does: a shell by default, or the session document
          named. Exits with the remote shell's or command's exit code.
          --target ID           the node (mi-...)
          --document-name D     the session document (default: the shell, SSM-SessionManagerRunShell)
          --parameters P        document parameters, as name=value,name2=value2 (a name may repeat, or take
                                [a,b]) or as JSON: '{"commands":["whoami"]}'; may be given more than once
          --reason TEXT         why the session is opened (recorded with it)

        """ + AwsCliOptions.Help;

    private static readonly string[] ValueOptions = ["target", "document-name", "parameters", "reason", .. AwsCliOptions.ValueOptions];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var arguments = new Arguments("session start", args, ValueOptions, AwsCliOptions.FlagOptions);
        if (arguments.Positional.Count > 0)
        {
            throw new CliException($"session start: unexpected argument '{arguments.Positional[0]}'");
        }
        var options = new SessionStartOptions(arguments.Required("target"), arguments.Option("document-name"),
            SessionParameters.Parse(arguments.Options("parameters")), arguments.Option("reason"), AwsCliOptions.FromArguments(arguments));
        using var context = AwsClientContext.Create(options.Aws, AwsEnvironment.FromProcess(console));
        return await SessionRunner.RunAsync(new SsmClient(context), options, SessionModes.Create(new ProcessTerminal()), console,
            cancellationToken).ConfigureAwait(false);
    }
}
