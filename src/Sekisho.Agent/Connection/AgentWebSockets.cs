using System.Buffers;
using System.Net.WebSockets;
using Sekisho.Protocol.Signing;

namespace Sekisho.Agent.Connection;

/// <summary>Opening the agent's WebSockets (control: SigV4-signed upgrade; data: the token in the first frame) and reading whole messages.</summary>
internal static class AgentWebSockets
{
    /// <summary>Largest message accepted: a data-channel frame of 64 KiB payload plus its header, with room to spare.</summary>
    public const int MaxMessageBytes = 128 * 1024;

    public static Uri WebSocketUri(Uri server, string pathOrUrl)
    {
        var absolute = Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var given) && given.Scheme is "ws" or "wss" or "http" or "https"
            ? given
            : new Uri(server, pathOrUrl);
        var builder = new UriBuilder(absolute)
        {
            Scheme = absolute.Scheme is "https" or "wss" ? "wss" : "ws",
        };
        if (absolute.IsDefaultPort)
        {
            builder.Port = -1;
        }
        return builder.Uri;
    }

    public static ClientWebSocket Create(ServerTrust trust)
    {
        var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, errors) => trust.Validate(certificate, errors);
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(20);
        socket.Options.CollectHttpResponseDetails = true;
        return socket;
    }

    /// <summary>Adds the SigV4 headers (service ssm) for a GET upgrade of <paramref name="uri"/>.</summary>
    public static void Sign(ClientWebSocket socket, Uri uri, SigV4Credentials credentials, string region, DateTimeOffset now)
    {
        var request = new SigV4HttpRequest("GET", uri.AbsolutePath, uri.Query.TrimStart('?'),
            [new("Host", uri.Authority)], ReadOnlyMemory<byte>.Empty);
        var signed = SigV4Signer.SignHeaders(request, credentials, region, "ssm", now);
        foreach (var (name, value) in signed.AddedHeaders)
        {
            socket.Options.SetRequestHeader(name, value);
        }
    }

    /// <summary>One whole message into a pooled buffer (returned by the caller), or null when the peer closed.</summary>
    public static async Task<(byte[] Buffer, int Length, WebSocketMessageType Type)?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxMessageBytes)
                    {
                        throw new WebSocketException(WebSocketError.Faulted, $"a message larger than {MaxMessageBytes} bytes arrived");
                    }
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
                length += result.Count;
                if (result.EndOfMessage)
                {
                    return (buffer, length, result.MessageType);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
