namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho server</c>: create a data folder and run the control plane.</summary>
public sealed class ServerCommands : ICommandGroup
{
    public string Name => "server";
    public string Summary => "initialize and run the Sekisho control plane";
    public string Usage => """
        usage: sekisho server init --data DIR [--account-id 12DIGITS] [--region R] [--store POSTGRES]
               sekisho server run --data DIR --listen URL [--store POSTGRES]

          init   create DIR with the master key (master.key, 0600), the store (DIR/sekisho.db, or PostgreSQL
                 with --store CONNECTION-STRING), the organization and its management account, the user 'admin'
                 with AdministratorAccess, and DIR/admin.credentials (AWS shared credentials format, 0600);
                 refuses a folder that already holds a server
          run    serve IAM, STS and SSM on URL: http:// on loopback only, https:// elsewhere (a self-signed
                 certificate is created in DIR on first start and its SHA-256 fingerprint printed);
                 GET /healthz answers 200 when ready; stops on Ctrl-C

        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var rest = args.Skip(1).ToList();
        return args[0] switch
        {
            "init" => ServerInitCommand.RunAsync(rest, console, cancellationToken),
            "run" => ServerRunCommand.RunAsync(rest, console, cancellationToken),
            _ => throw new CliException($"unknown subcommand '{args[0]}' (see 'sekisho server --help')"),
        };
    }
}
