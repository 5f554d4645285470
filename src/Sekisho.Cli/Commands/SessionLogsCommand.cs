using System.Globalization;
using System.Text;
using Sekisho.Cli.Sessions;
using Sekisho.Server.Hosting;
using Sekisho.Server.Sessions;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho session logs SESSION-ID --data DIR [--account ID] [--store POSTGRES] [--play [--speed N]]</c>: a shell
/// session's recording (asciicast v2) from the server's store, as <c>sekisho audit</c> reads the audit log.
/// </summary>
public static class SessionLogsCommand
{
    public const string Usage = """
        usage: sekisho session logs SESSION-ID --data DIR [--account ID] [--store POSTGRES] [--play [--speed N]]

          logs   print the recording of a shell or command session (asciicast v2: a header line with who, which
                 node, as which OS user and when, then one [time, "o"|"i"|"r", data] event per line) from the
                 server's data folder (or its PostgreSQL store); pipe it to a file for 'asciinema play FILE';
                 --play replays it here with its timing (--speed 2 twice as fast; pauses capped at 2 s);
                 --account for sessions of an account other than the management account

        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var a = new Arguments("logs", args, ["data", "account", "store", "speed"], ["play"]);
        if (a.Positional.Count != 1) throw new CliException("logs: give exactly one SESSION-ID (see 'sekisho session --help')");
        var sessionId = a.Positional[0];
        if (sessionId.Contains('/', StringComparison.Ordinal) || sessionId.Length is 0 or > 128)
            throw new CliException($"logs: '{sessionId}' is not a session id");
        var data = Path.GetFullPath(a.Required("data"));
        if (!Directory.Exists(data)) throw new CliException($"logs: {data} does not exist");
        var speed = 1.0;
        if (a.Option("speed") is { } s && (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out speed) || speed <= 0 || speed > 1000))
            throw new CliException($"logs: --speed '{s}' must be a number above 0 and at most 1000");
        var account = a.Option("account") ?? DataFolder.ReadSettings(data).ManagementAccountId;

        var store = await DataFolder.OpenStoreAsync(data, a.Option("store"), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await using (store.ConfigureAwait(false))
        {
            var found = await new RecordingStore(store).ReadAsync(RecordingStore.Name(account, sessionId), buffer, cancellationToken).ConfigureAwait(false);
            if (!found)
            {
                await console.Error.WriteLineAsync($"sekisho session logs: no recording of session '{sessionId}' in account {account} (port and SSH sessions keep no recording, only their summary in describe-sessions)").ConfigureAwait(false);
                return ExitCodes.Findings;
            }
        }
        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (!a.Has("play"))
        {
            await console.Out.WriteAsync(text).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        try
        {
            await new AsciicastPlayer(console.Out, TimeProvider.System, speed, TimeSpan.FromSeconds(2))
                .PlayAsync(new StringReader(text), cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            await console.Error.WriteLineAsync($"sekisho session logs: the recording of '{sessionId}' is damaged: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Findings;
        }
        return ExitCodes.Ok;
    }
}
