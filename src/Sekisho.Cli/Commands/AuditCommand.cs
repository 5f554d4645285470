using System.Globalization;
using System.Text;
using Sekisho.Server.Hosting;

namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho audit --data DIR [--since T] [--follow]</c>: the audit log as JSON lines.</summary>
public sealed class AuditCommand : ICommandGroup
{
    public static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(500);

    public string Name => "audit";
    public string Summary => "print the audit log as JSON lines";
    public string Usage => """
        usage: sekisho audit --data DIR [--since TIME] [--follow] [--store POSTGRES]

          prints every recorded API call (time, request id, service, operation, action, caller ARN, account,
          resources, decision, denial reason, error code, HTTP status, source address) as one JSON object per
          line, oldest first; --since takes an ISO 8601 time (2026-11-21T10:00:00Z) or a duration back from
          now (15m, 2h, 1d); --follow keeps printing new calls until Ctrl-C

        """;

    public bool RunsWithoutSubcommand => true;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var a = new Arguments("audit", args, ["data", "since", "store"], ["follow"]);
        if (a.Positional.Count > 0) throw new CliException($"audit: unexpected argument '{a.Positional[0]}'");
        var data = Path.GetFullPath(a.Required("data"));
        if (!Directory.Exists(data)) throw new CliException($"audit: {data} does not exist");
        var since = a.Option("since") is { } s ? ParseSince(s, DateTimeOffset.UtcNow) : (DateTimeOffset?)null;
        var store = await DataFolder.OpenStoreAsync(data, a.Option("store"), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            long next = 1;
            while (!cancellationToken.IsCancellationRequested)
            {
                var records = await store.ReadAuditAsync(next, 1000, cancellationToken).ConfigureAwait(false);
                foreach (var record in records)
                {
                    next = record.Position + 1;
                    if (since is { } t && record.Time < t) continue;
                    await console.Out.WriteLineAsync(Encoding.UTF8.GetString(record.Data.Span)).ConfigureAwait(false);
                }
                if (records.Count == 1000) continue;
                if (!a.Has("follow")) break;
                await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await Task.Delay(FollowInterval, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        return ExitCodes.Ok;
    }

    internal static DateTimeOffset ParseSince(string text, DateTimeOffset now)
    {
        if (text.Length >= 2 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            switch (text[^1])
            {
                case 's': return now.AddSeconds(-n);
                case 'm': return now.AddMinutes(-n);
                case 'h': return now.AddHours(-n);
                case 'd': return now.AddDays(-n);
            }
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time;
        throw new CliException($"audit: --since '{text}' is neither an ISO 8601 time nor a duration such as 15m, 2h, 1d");
    }
}
