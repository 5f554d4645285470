using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sekisho.Server.Load;

/// <summary>
/// One keep-alive HTTP/1.1 connection with a fixed receive buffer: send a request, read exactly one response
/// (Content-Length or chunked body), return its status. No per-request allocation beyond the request bytes, so
/// the generator's CPU stays small next to the server's.
/// </summary>
public sealed class KeepAliveConnection : IDisposable
{
    private readonly Socket _socket;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private KeepAliveConnection(Socket socket) => _socket = socket;

    public static async Task<KeepAliveConnection> OpenAsync(EndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint).ConfigureAwait(false);
        return new KeepAliveConnection(socket);
    }

    /// <summary>Sends <paramref name="request"/> and reads the whole response; returns the HTTP status code.</summary>
    public async ValueTask<int> ExchangeAsync(ReadOnlyMemory<byte> request)
    {
        while (request.Length > 0)
        {
            var sent = await _socket.SendAsync(request, SocketFlags.None).ConfigureAwait(false);
            request = request[sent..];
        }
        int headEnd;
        while ((headEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0) await FillAsync().ConfigureAwait(false);
        var head = _buffer.AsSpan(_start, headEnd);
        var status = ParseStatus(head);
        var contentLength = HeaderValue(head, "content-length"u8, out var cl) ? ParseLength(cl) : -1;
        var chunked = HeaderValue(head, "transfer-encoding"u8, out var te) && ContainsIgnoreCase(te, "chunked"u8);
        _start += headEnd + 4;
        if (chunked)
        {
            while (true)
            {
                int lineEnd;
                while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0) await FillAsync().ConfigureAwait(false);
                var size = Convert.ToInt32(Encoding.ASCII.GetString(_buffer, _start, lineEnd).Split(';')[0].Trim(), 16);
                _start += lineEnd + 2;
                await SkipAsync(size + 2).ConfigureAwait(false);
                if (size == 0) break;
            }
        }
        else if (contentLength > 0)
        {
            await SkipAsync(contentLength).ConfigureAwait(false);
        }
        return status;
    }

    private async ValueTask SkipAsync(int count)
    {
        while (_end - _start < count)
        {
            count -= _end - _start;
            _start = _end = 0;
            await FillAsync().ConfigureAwait(false);
        }
        _start += count;
    }

    private async ValueTask FillAsync()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None).ConfigureAwait(false);
        if (read == 0) throw new IOException("the server closed the connection");
        _end += read;
    }

    private static int ParseStatus(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 200 OK"
        var space = head.IndexOf((byte)' ');
        return (head[space + 1] - '0') * 100 + (head[space + 2] - '0') * 10 + (head[space + 3] - '0');
    }

    // Header values are read in place (no strings): the generator's CPU per request is part of the measurement.
    private static bool HeaderValue(ReadOnlySpan<byte> head, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        while (head.Length > 0)
        {
            var eol = head.IndexOf("\r\n"u8);
            var line = eol < 0 ? head : head[..eol];
            var colon = line.IndexOf((byte)':');
            if (colon == name.Length && Ascii.EqualsIgnoreCase(line[..colon], name))
            {
                value = line[(colon + 1)..].Trim((byte)' ');
                return true;
            }
            if (eol < 0) break;
            head = head[(eol + 2)..];
        }
        value = default;
        return false;
    }

    private static int ParseLength(ReadOnlySpan<byte> digits) =>
        Utf8Parser.TryParse(digits, out int length, out var consumed) && consumed == digits.Length
            ? length
            : throw new IOException($"bad Content-Length '{Encoding.ASCII.GetString(digits)}'");

    private static bool ContainsIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> word)
    {
        for (var i = 0; i + word.Length <= text.Length; i++)
            if (Ascii.EqualsIgnoreCase(text.Slice(i, word.Length), word)) return true;
        return false;
    }

    public void Dispose() => _socket.Dispose();
}
