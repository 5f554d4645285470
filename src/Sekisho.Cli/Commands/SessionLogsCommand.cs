using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sekisho.Cli.Aws;
using Sekisho.Cli.Sessions;
using Sekisho.Server.Hosting;
using Sekisho.Server.Sessions;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho session logs SESSION-ID [--play [--speed N]]</c>: a session's recording (asciicast v2, or a port/SSH
/// session's summary), from the server over HTTPS (the AWS credential chain and endpoint, as <c>session start</c>)
/// or, with <c>--data</c>, straight from the server's store as <c>sekisho audit</c> reads the audit log.
/// </summary>
public static class SessionLogsCommand
{
    public const string Usage = """
        usage: sekisho session logs SESSION-ID [--play [--speed N]] [--profile P] [--region R] [--endpoint-url URL]
                                   [--no-verify-ssl] [--ca-bundle FILE]
               sekisho session logs SESSION-ID --data DIR [--account ID] [--store POSTGRES] [--play [--speed N]]

          logs   print the recording of a shell or command session (asciicast v2: a header line with who, which
                 node, as which OS user and when, then one [time, "o"|"i"|"r", data] event per line; for port and
                 SSH sessions the JSON summary); pipe it to a file for 'asciinema play FILE';
                 --play replays it here with its timing (--speed 2 twice as fast; pauses capped at 2 s).
                 Without --data it is read from the server (DescribeSessions' OutputUrl) with the AWS CLI's
                 credentials and endpoint options below; the caller needs ssm:DescribeSessions on the session's
                 ARN (arn:aws:ssm:REGION:ACCOUNT:session/ID).
                 With --data it is read from the server's data folder (or its PostgreSQL store), no credentials;
                 --account for sessions of an account other than the management account

        """;

    private static readonly string[] ValueOptions = ["data", "account", "store", "speed", .. AwsCliOptions.ValueOptions];
    private static readonly string[] FlagOptions = ["play", .. AwsCliOptions.FlagOptions];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var a = new Arguments("logs", args, ValueOptions, FlagOptions);
        if (a.Positional.Count != 1) throw new CliException("logs: give exactly one SESSION-ID (see 'sekisho session --help')");
        var sessionId = a.Positional[0];
        if (sessionId.Contains('/', StringComparison.Ordinal) || sessionId.Length is 0 or > 128)
            throw new CliException($"logs: '{sessionId}' is not a session id");
        var speed = 1.0;
        if (a.Option("speed") is { } s && (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out speed) || speed <= 0 || speed > 1000))
            throw new CliException($"logs: --speed '{s}' must be a number above 0 and at most 1000");

        string? text;
        if (a.Option("data") is { } dataOption)
        {
            foreach (var remoteOnly in AwsCliOptions.ValueOptions.Concat(AwsCliOptions.FlagOptions))
                if (a.Option(remoteOnly) is not null || a.Has(remoteOnly)) throw new CliException($"logs: --{remoteOnly} is for reading from the server; --data reads the store directly");
            text = await ReadFromStoreAsync(a, Path.GetFullPath(dataOption), sessionId, console, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            foreach (var localOnly in new[] { "account", "store" })
                if (a.Option(localOnly) is not null) throw new CliException($"logs: --{localOnly} goes with --data (reading the store directly)");
            try
            {
                text = await ReadFromServerAsync(AwsCliOptions.FromArguments(a), sessionId, console, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e)
            {
                // Refused (access denied, bad credentials): worded and coded as the AWS CLI does.
                await console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return AwsServiceException.ExitCode;
            }
        }
        if (text is null) return ExitCodes.Findings;
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

    private static async Task<string?> ReadFromStoreAsync(Arguments a, string data, string sessionId, CliConsole console, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(data)) throw new CliException($"logs: {data} does not exist");
        var account = a.Option("account") ?? DataFolder.ReadSettings(data).ManagementAccountId;
        var store = await DataFolder.OpenStoreAsync(data, a.Option("store"), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await using (store.ConfigureAwait(false))
        {
            var found = await new RecordingStore(store).ReadAsync(RecordingStore.Name(account, sessionId), buffer, cancellationToken).ConfigureAwait(false);
            if (!found)
            {
                await console.Error.WriteLineAsync($"sekisho session logs: no recording of session '{sessionId}' in account {account} (port and SSH sessions keep no recording, only their summary in describe-sessions)").ConfigureAwait(false);
                return null;
            }
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>GET /v1/session-recordings/ID, SigV4-signed for ssm; null (after saying why) when there is no recording.</summary>
    private static async Task<string?> ReadFromServerAsync(AwsCliOptions options, string sessionId, CliConsole console, CancellationToken cancellationToken)
    {
        using var context = AwsClientContext.Create(options, AwsEnvironment.FromProcess(console));
        ProcessTrustStore.UseBundleOnly(context.Tls);
        var credentials = await context.Credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        var url = new Uri(context.Endpoint("ssm", isCommandService: true), SessionEndpoints.RecordingPath(Uri.EscapeDataString(sessionId)));
        using var response = await AwsSignedRequest.GetAsync(context, url, "ssm", credentials, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return body;
        var (code, message) = ErrorOf(response.StatusCode, body);
        var line = $"An error occurred ({code}) when calling the GetSessionRecording operation: {message}";
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            await console.Error.WriteLineAsync("sekisho session logs: " + line).ConfigureAwait(false);
            return null;
        }
        throw new AwsServiceException(code, message, "GetSessionRecording", response.StatusCode);
    }

    private static (string Code, string Message) ErrorOf(HttpStatusCode status, string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject json && json["__type"]?.GetValue<string>() is { } type)
                return (type, json["message"]?.GetValue<string>() ?? "");
        }
        catch (JsonException)
        {
            // not an AWS error body: report the HTTP status below
        }
        return (status.ToString(), $"HTTP {(int)status} from the server");
    }
}
