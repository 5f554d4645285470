namespace Sekisho.Protocol.DataChannel;

/// <summary>The MessageType strings of the data channel (the 32-byte header field, before space padding).</summary>
public static class MessageTypes
{
    /// <summary>Stream data from the client to the agent.</summary>
    public const string InputStreamData = "input_stream_data";

    /// <summary>Stream data from the agent to the client.</summary>
    public const string OutputStreamData = "output_stream_data";

    public const string Acknowledge = "acknowledge";

    /// <summary>Sent by the service: the client prints its Output and exits.</summary>
    public const string ChannelClosed = "channel_closed";

    public const string StartPublication = "start_publication";
    public const string PausePublication = "pause_publication";
    public const string AgentSessionState = "agent_session_state";

    /// <summary>
    /// Sekisho's fast mode only (never sent to a stock peer): a cumulative acknowledgement with the receiver's
    /// consumed byte count, see <see cref="FastModeAcknowledge"/>.
    /// </summary>
    public const string FastAcknowledge = "sekisho_fast_ack";

    /// <summary>Stream data types carry sequence numbers and are acknowledged; every other type is not.</summary>
    public static bool IsStreamData(string messageType) =>
        ReferenceEquals(messageType, InputStreamData) || ReferenceEquals(messageType, OutputStreamData) ||
        messageType is InputStreamData or OutputStreamData;
}
