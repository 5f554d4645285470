using System.Net.WebSockets;
using Sekisho.Cli.Aws;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Sessions;

/// <summary>How a <see cref="DataChannelClient"/> connects and resumes.</summary>
/// <param name="Stream">StartSession's answer: the session, StreamUrl and token.</param>
/// <param name="ResumeAsync">Gets a fresh stream URL and token after the socket broke (SSM ResumeSession).</param>
public sealed record DataChannelClientOptions(SessionStream Stream, Func<CancellationToken, Task<SessionStream>> ResumeAsync)
{
    /// <summary>Applies TLS trust and other socket settings (<see cref="AwsClientContext.ConfigureWebSocket"/>).</summary>
    public Action<ClientWebSocketOptions>? ConfigureWebSocket { get; init; }

    /// <summary>
    /// Sends the WebSocket's upgrade request (<see cref="AwsClientContext.WebSocketInvoker"/>: the connection StartSession
    /// used, with its TLS trust); when set, <see cref="ConfigureWebSocket"/> must not set what belongs to the handler.
    /// </summary>
    public HttpMessageInvoker? Invoker { get; init; }

    /// <summary>The reliable channel's settings; the client's defaults are the stock plugin's.</summary>
    public ReliableChannelOptions Channel { get; init; } = ReliableChannelOptions.Client;

    /// <summary>Largest Output payload sent (1,024 for stock peers).</summary>
    public int MaxPayload { get; init; } = ClientMessageLayout.StockMaxPayload;

    /// <summary>
    /// Sekisho's fast mode when the agent offers it (Sekisho's agent does for port and SSH sessions); null answers
    /// the offer as unsupported, as the stock plugin does. Default: on unless <c>SEKISHO_FAST_MODE=off</c>.
    /// </summary>
    public FastModeSettings? FastMode { get; init; } = FastModeSettings.FromEnvironment();

    /// <summary>How many times in a row a broken socket is resumed before the session is given up.</summary>
    public int MaxResumeAttempts { get; init; } = 5;

    /// <summary>The pause before the first resume attempt; it doubles with each further one.</summary>
    public TimeSpan ResumeBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where reconnects are reported (stderr; null for silence).</summary>
    public TextWriter? Log { get; init; }
}
