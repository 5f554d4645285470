using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Server.Sessions;

/// <summary>
/// Records one session from the frames the relay passes. Shell and command sessions become an asciicast v2
/// file (header with the first Size, then <c>[t, "o"|"i"|"r", data]</c> events); port and SSH sessions only a
/// summary of who, where, when and the bytes each way. Stream data is deduplicated by sequence number per
/// direction (resends after a reconnect are recorded once); an early frame waits, copied, until the gap fills.
/// Thread-safe: both pumps of a session call <see cref="Observe"/>.
/// </summary>
public sealed class SessionRecorder
{
    /// <summary>Flush to a new part once this much is buffered (and on each sweep, and at the end).</summary>
    public const int PartThreshold = 256 * 1024;
    private const int MaxEarlyFrames = 4096;

    private readonly object _gate = new();
    private readonly RecordingHeader _header;
    private readonly bool _tunnel;
    private readonly TimeProvider _time;
    private readonly long[] _next = new long[2];
    private readonly SortedDictionary<long, byte[]>?[] _early = new SortedDictionary<long, byte[]>?[2];
    private readonly Decoder[] _decoders = [Encoding.UTF8.GetDecoder(), Encoding.UTF8.GetDecoder()];
    private readonly ArrayBufferWriter<byte> _events = new(16 * 1024);
    private readonly Utf8JsonWriter _json;
    private char[] _chars = new char[4096];
    private bool _headerWritten;
    private int _width;
    private int _height;
    private long _bytesToAgent;
    private long _bytesToClient;

    public SessionRecorder(RecordingHeader header, TimeProvider time)
    {
        _header = header;
        _time = time;
        _tunnel = header.SessionType == SessionTypes.Port;
        _json = new Utf8JsonWriter(_events, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    public bool IsTunnel => _tunnel;

    public int Parts { get; private set; }

    public long BytesToAgent => Interlocked.Read(ref _bytesToAgent);

    public long BytesToClient => Interlocked.Read(ref _bytesToClient);

    /// <summary>Bytes waiting for the next part.</summary>
    public int Pending
    {
        get
        {
            lock (_gate) return _events.WrittenCount;
        }
    }

    /// <summary>Looks at one relayed frame; records it when it is stream data not seen before.</summary>
    public void Observe(RelayDirection direction, ReadOnlySpan<byte> frame)
    {
        ClientMessageHeader header;
        ReadOnlySpan<byte> payload;
        try
        {
            header = ClientMessageCodec.Decode(frame, out payload, verifyDigest: false);
        }
        catch (ClientMessageException)
        {
            return; // not ours to judge: the ends reject malformed frames themselves
        }
        var expected = direction == RelayDirection.ToAgent ? MessageTypes.InputStreamData : MessageTypes.OutputStreamData;
        if (!ReferenceEquals(header.MessageType, expected)) return;
        var d = (int)direction;
        lock (_gate)
        {
            var seq = header.SequenceNumber;
            if (seq < _next[d]) return;
            if (seq > _next[d])
            {
                var early = _early[d] ??= new SortedDictionary<long, byte[]>();
                if (early.Count < MaxEarlyFrames) early.TryAdd(seq, frame.ToArray());
                return;
            }
            Record(direction, header.PayloadType, payload);
            _next[d]++;
            var pending = _early[d];
            while (pending is not null && pending.Remove(_next[d], out var stored))
            {
                var h = ClientMessageCodec.Decode(stored, out var p, verifyDigest: false);
                Record(direction, h.PayloadType, p);
                _next[d]++;
            }
        }
    }

    /// <summary>Takes what is buffered as the next part (with the header first in part 0), or null when nothing is.</summary>
    public (int Part, byte[] Content)? TakePart(bool final)
    {
        lock (_gate)
        {
            if (_tunnel)
            {
                if (!final) return null;
                var summary = Summary();
                return (Parts++, summary);
            }
            _json.Flush();
            if (_events.WrittenCount == 0 && (_headerWritten || !final)) return null;
            var header = _headerWritten ? [] : HeaderLine();
            _headerWritten = true;
            var content = new byte[header.Length + _events.WrittenCount];
            header.CopyTo(content, 0);
            _events.WrittenSpan.CopyTo(content.AsSpan(header.Length));
            _events.Clear();
            _json.Reset(_events);
            return (Parts++, content);
        }
    }

    private void Record(RelayDirection direction, PayloadType type, ReadOnlySpan<byte> payload)
    {
        if (_tunnel)
        {
            if (type != PayloadType.Output) return;
            if (direction == RelayDirection.ToAgent) _bytesToAgent += payload.Length;
            else _bytesToClient += payload.Length;
            return;
        }
        if (direction == RelayDirection.ToAgent && type == PayloadType.Size)
        {
            TerminalSize size;
            try
            {
                size = DataChannelPayloads.ReadTerminalSize(payload);
            }
            catch (ClientMessageException)
            {
                return;
            }
            if (_width == 0) (_width, _height) = ((int)size.Cols, (int)size.Rows);
            WriteEvent("r", $"{size.Cols}x{size.Rows}");
            return;
        }
        if (type is not (PayloadType.Output or PayloadType.StdErr)) return;
        if (direction == RelayDirection.ToAgent) _bytesToAgent += payload.Length;
        else _bytesToClient += payload.Length;
        var decoder = _decoders[(int)direction];
        var needed = decoder.GetCharCount(payload, flush: false);
        if (needed > _chars.Length) _chars = new char[Math.Max(needed, _chars.Length * 2)];
        var count = decoder.GetChars(payload, _chars, flush: false);
        if (count == 0) return;
        WriteEvent(direction == RelayDirection.ToAgent ? "i" : "o", _chars.AsSpan(0, count));
    }

    private void WriteEvent(string code, ReadOnlySpan<char> data)
    {
        var elapsed = (_time.GetUtcNow() - _header.Start).TotalSeconds;
        _json.WriteStartArray();
        _json.WriteNumberValue(Math.Round(Math.Max(0, elapsed), 6));
        _json.WriteStringValue(code);
        _json.WriteStringValue(data);
        _json.WriteEndArray();
        _json.Flush();
        _events.Write("\n"u8);
        _json.Reset(_events);
    }

    private byte[] HeaderLine()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", 2);
            w.WriteNumber("width", _width == 0 ? 80 : _width);
            w.WriteNumber("height", _height == 0 ? 24 : _height);
            w.WriteNumber("timestamp", _header.Start.ToUnixTimeSeconds());
            w.WriteString("title", $"{_header.SessionId} on {_header.Target} as {_header.RunAsUser}");
            w.WriteStartObject("env");
            w.WriteString("TERM", "xterm-256color");
            w.WriteString("SHELL", "/bin/sh");
            w.WriteEndObject();
            WriteWho(w);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private byte[] Summary()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("kind", "tunnel");
            WriteWho(w);
            w.WriteString("start", _header.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("end", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteNumber("bytesFromClient", _bytesToAgent);
            w.WriteNumber("bytesToClient", _bytesToClient);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private void WriteWho(Utf8JsonWriter w)
    {
        w.WriteString("sekisho_session_id", _header.SessionId);
        w.WriteString("sekisho_owner", _header.Owner);
        w.WriteString("sekisho_target", _header.Target);
        w.WriteString("sekisho_run_as", _header.RunAsUser);
        w.WriteString("sekisho_document", _header.DocumentName);
        w.WriteString("sekisho_session_type", _header.SessionType);
        if (_header.Destination is { } destination) w.WriteString("sekisho_destination", destination);
    }
}
