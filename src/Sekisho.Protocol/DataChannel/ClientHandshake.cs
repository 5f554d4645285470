using System.Text.Json;

namespace Sekisho.Protocol.DataChannel;

/// <summary>
/// The client's side of the data-channel handshake, as the stock plugin plays it: answer the agent's
/// HandshakeRequest (SessionType accepted, KMS encryption refused, other actions unsupported), wait for
/// HandshakeComplete, or recognise a plain shell from its first Output message. Sekisho's own agent may also offer
/// <see cref="ActionTypes.SekishoFastMode"/>: with <c>fastMode</c> settings it is accepted (the smaller values of
/// both win), without them it is answered as unsupported, as the stock plugin answers any action it does not know.
/// </summary>
public sealed class ClientHandshake(string clientVersion = DataChannelVersions.Client, FastModeSettings? fastMode = null)
{
    public HandshakeState State { get; private set; }

    /// <summary>The session type the client runs: Standard_Stream for shells and both command kinds, or Port.</summary>
    public string? SessionType { get; private set; }

    /// <summary>The session type exactly as the agent asked for it.</summary>
    public string? RequestedSessionType { get; private set; }

    /// <summary>The document properties sent with the SessionType action.</summary>
    public JsonElement? Properties { get; private set; }

    public string? AgentVersion { get; private set; }

    /// <summary>HandshakeComplete's message for the user; the stock plugin prints it when not empty.</summary>
    public string? CustomerMessage { get; private set; }

    /// <summary>The fast-mode settings both ends agreed on (the agent offered and this client accepted); null otherwise.
    /// They take effect after HandshakeComplete.</summary>
    public FastModeSettings? FastMode { get; private set; }

    /// <summary>Whether port forwarding is multiplexed with smux (agent above 3.0.196.0).</summary>
    public bool UsesMultiplexing => DataChannelVersions.IsGreaterThan(AgentVersion, DataChannelVersions.MultiplexingAfterAgent);

    /// <summary>Whether smux runs without keepalives (agent above 3.1.1511.0).</summary>
    public bool SmuxKeepAliveDisabled => DataChannelVersions.IsGreaterThan(AgentVersion, DataChannelVersions.SmuxKeepAliveDisabledAfterAgent);

    /// <summary>Answers a <see cref="PayloadType.HandshakeRequest"/>; returns the HandshakeResponse payload to send.</summary>
    /// <exception cref="HandshakeException">The request came after the session started.</exception>
    /// <exception cref="ClientMessageException">The payload is not a HandshakeRequest.</exception>
    public byte[] HandleRequest(ReadOnlySpan<byte> payload)
    {
        if (State is HandshakeState.Complete or HandshakeState.Skipped)
        {
            throw new HandshakeException($"a HandshakeRequest arrived in state {State}");
        }
        var request = DataChannelPayloads.ReadHandshakeRequest(payload);
        AgentVersion = request.AgentVersion;
        var processed = new List<ProcessedClientAction>(request.RequestedClientActions.Count);
        var errors = new List<string>();
        foreach (var action in request.RequestedClientActions)
        {
            var result = action.ActionType switch
            {
                ActionTypes.SessionType => ProcessSessionType(action.ActionParameters),
                ActionTypes.SekishoFastMode when fastMode is not null => ProcessFastMode(action.ActionParameters, fastMode),
                ActionTypes.KmsEncryption => new ProcessedClientAction(action.ActionType, ActionStatus.Failed, null,
                    "Failed to process action KMSEncryption: this client does not support KMS encryption of sessions"),
                _ => new ProcessedClientAction(action.ActionType, ActionStatus.Unsupported, null, $"Unsupported action {action.ActionType}"),
            };
            if (result.ActionStatus != ActionStatus.Success)
            {
                errors.Add(result.Error);
            }
            processed.Add(result);
        }
        State = HandshakeState.InProgress;
        return DataChannelPayloads.Serialize(new HandshakeResponsePayload(clientVersion, processed, errors));
    }

    /// <summary>Takes the agent's <see cref="PayloadType.HandshakeComplete"/>.</summary>
    public void HandleComplete(ReadOnlySpan<byte> payload)
    {
        if (State != HandshakeState.InProgress)
        {
            throw new HandshakeException($"a HandshakeComplete arrived in state {State}");
        }
        CustomerMessage = DataChannelPayloads.ReadHandshakeComplete(payload).CustomerMessage;
        State = HandshakeState.Complete;
    }

    /// <summary>
    /// Notes a stream message of another payload type. The first Output before any handshake means a plain shell.
    /// Returns whether the message belongs to the session (false while a handshake is half done).
    /// </summary>
    public bool ObserveData(PayloadType payloadType)
    {
        if (State == HandshakeState.NotStarted && payloadType == PayloadType.Output)
        {
            State = HandshakeState.Skipped;
            SessionType = SessionTypes.StandardStream;
            RequestedSessionType = SessionTypes.StandardStream;
        }
        return State is HandshakeState.Complete or HandshakeState.Skipped;
    }

    private ProcessedClientAction ProcessFastMode(JsonElement parameters, FastModeSettings own)
    {
        try
        {
            FastMode = FastModeSettings.Agree(DataChannelPayloads.ReadFastModeSettings(parameters), own);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return new ProcessedClientAction(ActionTypes.SekishoFastMode, ActionStatus.Failed, null,
                $"Failed to process action {ActionTypes.SekishoFastMode}: {e.Message}");
        }
        return new ProcessedClientAction(ActionTypes.SekishoFastMode, ActionStatus.Success, DataChannelPayloads.ToJsonElement(FastMode), "");
    }

    private ProcessedClientAction ProcessSessionType(JsonElement parameters)
    {
        SessionTypeRequest request;
        try
        {
            request = DataChannelPayloads.ReadSessionTypeRequest(parameters);
        }
        catch (JsonException e)
        {
            return new ProcessedClientAction(ActionTypes.SessionType, ActionStatus.Failed, null,
                $"Failed to process action SessionType: {e.Message}");
        }
        switch (request.SessionType)
        {
            case SessionTypes.StandardStream or SessionTypes.InteractiveCommands or SessionTypes.NonInteractiveCommands:
                SessionType = SessionTypes.StandardStream;
                break;
            case SessionTypes.Port:
                SessionType = SessionTypes.Port;
                break;
            default:
                return new ProcessedClientAction(ActionTypes.SessionType, ActionStatus.Failed, null,
                    $"Failed to process action SessionType: Unknown session type {request.SessionType}");
        }
        RequestedSessionType = request.SessionType;
        Properties = request.Properties;
        return new ProcessedClientAction(ActionTypes.SessionType, ActionStatus.Success, null, "");
    }
}
