using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Sessions;

/// <summary>
/// The data-channel handshake played once in memory, on a pool thread, while `session start` opens the data channel
/// (StartSession answered, the WebSocket not yet open, mostly waiting on the server and the agent). System.Text.Json
/// builds its metadata and converters on first use: answering the agent's HandshakeRequest took 8-18 ms the first time
/// in a process even compiled ahead of time, while the agent and the server waited; with the warm-up, 0-3 ms
/// (bench/tunnels/README.md). Started earlier it competed for the CPU with the configuration, the signing or the TLS
/// handshake, and the session opened no sooner. A throwaway agent end and client end: nothing is kept or sent.
/// </summary>
internal static class SessionWarmUp
{
    public static Task<bool> Start() => Task.Run(Play);

    /// <summary>Plays the handshake; false if it failed, which costs the session nothing but the time it would save.</summary>
    internal static bool Play()
    {
        try
        {
            var agent = new AgentHandshake(SessionTypes.Port, null, fastModeOffer: FastModeSettings.Default);
            var client = new ClientHandshake(fastMode: FastModeSettings.Default);
            client.HandleComplete(agent.AcceptResponse(client.HandleRequest(agent.CreateRequest())));
            return client.State == HandshakeState.Complete && agent.State == HandshakeState.Complete;
        }
        catch (Exception e) when (e is HandshakeException or ClientMessageException)
        {
            return false;
        }
    }
}
