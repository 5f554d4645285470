using System.Globalization;
using System.Text.Json;

namespace Sekisho.Cli.Sessions;

/// <summary>
/// Replays an asciicast v2 recording on a terminal: the "o" events written with their recorded timing, divided by
/// <c>speed</c>, pauses longer than <c>maxIdle</c> shortened to it (as <c>asciinema play -i</c> does).
/// Input ("i") and resize ("r") events are not written: the terminal shows what the user saw.
/// </summary>
public sealed class AsciicastPlayer(TextWriter output, TimeProvider time, double speed, TimeSpan maxIdle)
{
    public async Task PlayAsync(TextReader recording, CancellationToken cancellationToken)
    {
        var header = await recording.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (header is null) throw new FormatException("the recording is empty");
        using (var doc = ParseLine(header, 1))
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("version", out var v) || v.GetInt32() != 2)
                throw new FormatException("line 1: not an asciicast v2 header (\"version\": 2 missing)");
        }
        var previous = 0.0;
        var lineNumber = 1;
        while (await recording.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            using var doc = ParseLine(line, lineNumber);
            var e = doc.RootElement;
            if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != 3)
                throw new FormatException($"line {lineNumber}: an event must be [time, code, data]");
            var at = e[0].GetDouble();
            var pause = TimeSpan.FromSeconds(Math.Max(0, at - previous) / speed);
            previous = at;
            if (e[1].GetString() != "o") continue;
            if (pause > maxIdle) pause = maxIdle;
            if (pause > TimeSpan.Zero) await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(e[2].GetString()).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static JsonDocument ParseLine(string line, int number)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"line {number}: {e.Message}"), e);
        }
    }
}
