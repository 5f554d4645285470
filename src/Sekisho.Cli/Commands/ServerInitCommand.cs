using Sekisho.Server.Hosting;

namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho server init --data DIR [--account-id ID] [--region R] [--store POSTGRES]</c>.</summary>
public static class ServerInitCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var a = new Arguments("init", args, ["data", "account-id", "region", "store"], []);
        if (a.Positional.Count > 0) throw new CliException($"init: unexpected argument '{a.Positional[0]}'");
        var data = Path.GetFullPath(a.Required("data"));
        var result = await InitAsync(data, a.Option("account-id"), a.Option("region") ?? "us-east-1", a.Option("store"), cancellationToken).ConfigureAwait(false);
        await console.Out.WriteLineAsync($"initialized {data}: account {result.AccountId}, region {result.Region}, administrator 'admin'").ConfigureAwait(false);
        await console.Out.WriteLineAsync($"credentials in {result.CredentialsPath} (AWS_SHARED_CREDENTIALS_FILE={result.CredentialsPath})").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    internal static async Task<ServerInitializer.Result> InitAsync(string data, string? accountId, string region, string? store, CancellationToken cancellationToken)
    {
        try
        {
            return await ServerInitializer.InitAsync(data, accountId, region, store, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new CliException("init: " + e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException("init: " + e.Message);
        }
    }
}
