using System.Runtime.InteropServices;
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
        ProcessTrustStore.UseBundleOnly(context.Tls);
        // After the trust store is set: the connection StartSession will use opens while its credentials are resolved.
        context.Preconnect(context.Endpoint("ssm", isCommandService: true));
        StartupTrace.Mark("configuration");
        // SIGINT (Ctrl-C when the terminal is not in raw mode), SIGTERM and SIGHUP end the session cleanly:
        // the terminal is restored and TerminateSession is called, as the stock plugin does.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signal = 0;
        using var interrupt = OnSignal(PosixSignal.SIGINT, stop, s => signal = s);
        using var terminate = OnSignal(PosixSignal.SIGTERM, stop, s => signal = s);
        using var hangup = OnSignal(PosixSignal.SIGHUP, stop, s => signal = s);
        try
        {
            return await SessionRunner.RunAsync(new SsmClient(context), options, SessionModes.Create(new ProcessTerminal()), console,
                stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (signal != 0 && !cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync($"\nsekisho: session ended by signal {signal}").ConfigureAwait(false);
            return 128 + signal;
        }
    }

    private static PosixSignalRegistration OnSignal(PosixSignal signal, CancellationTokenSource stop, Action<int> record) =>
        PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            record(signal switch { PosixSignal.SIGINT => 2, PosixSignal.SIGTERM => 15, PosixSignal.SIGHUP => 1, _ => 0 });
            stop.Cancel();
        });
}
