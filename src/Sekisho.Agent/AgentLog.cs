using System.Globalization;

namespace Sekisho.Agent;

/// <summary>
/// The agent's log: one line per event on a writer (stderr in production), prefixed with the UTC time and the
/// level. Callers never pass tokens, keys or credentials: the messages are for operators.
/// </summary>
public sealed class AgentLog
{
    private readonly TextWriter _writer;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    public AgentLog(TextWriter writer, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A log that writes nothing (tests that do not look at it).</summary>
    public static AgentLog Null { get; } = new(TextWriter.Null);

    public void Info(string message) => Write("info", message);

    public void Warn(string message) => Write("warn", message);

    public void Error(string message) => Write("error", message);

    private void Write(string level, string message)
    {
        // One event is one line, whatever the message holds (an OS error text may contain newlines).
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{_time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {level} {message.ReplaceLineEndings(" ")}");
        lock (_gate)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }
}
