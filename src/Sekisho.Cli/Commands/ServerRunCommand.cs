using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Sekisho.Server.Hosting;

namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho server run --data DIR --listen URL [--store POSTGRES]</c>.</summary>
public static class ServerRunCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var a = new Arguments("run", args, ["data", "listen", "store"], []);
        if (a.Positional.Count > 0) throw new CliException($"run: unexpected argument '{a.Positional[0]}'");
        var data = Path.GetFullPath(a.Required("data"));
        if (!Uri.TryCreate(a.Required("listen"), UriKind.Absolute, out var listen))
            throw new CliException($"run: --listen '{a.Option("listen")}' is not a URL (e.g. http://127.0.0.1:8443 or https://0.0.0.0:8443)");
        var options = new ServerOptions(data, listen, a.Option("store"));
        var app = await BuildAsync(options, cancellationToken).ConfigureAwait(false);
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var settings = DataFolder.ReadSettings(data);
            await console.Out.WriteLineAsync($"sekisho server listening on {listen} (account {settings.ManagementAccountId}, region {settings.Region})").ConfigureAwait(false);
            if (SekishoServer.CertificateFingerprint(options) is { } fingerprint)
                await console.Out.WriteLineAsync($"TLS certificate SHA-256 fingerprint: {fingerprint}").ConfigureAwait(false);
            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        return ExitCodes.Ok;
    }

    internal static async Task<WebApplication> BuildAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await SekishoServer.BuildAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new CliException("run: " + e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException("run: " + e.Message);
        }
    }
}
