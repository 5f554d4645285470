using System.Text.Json;

namespace Sekisho.Protocol.DataChannel;

/// <summary>
/// The agent's side of the data-channel handshake: HandshakeRequest with the SessionType action, the client's
/// HandshakeResponse checked, HandshakeComplete with the elapsed time. Until complete, client stream data is to be
/// acknowledged and dropped (<see cref="ShouldDeliver"/>). Payloads are returned as bytes for the caller to send
/// through its <see cref="ReliableChannel"/>. With <c>fastModeOffer</c> the request also offers
/// <see cref="ActionTypes.SekishoFastMode"/>; only a client answering it with Success (Sekisho's) gets
/// <see cref="FastMode"/>, a stock plugin answers it as unsupported and the session stays in the stock format.
/// </summary>
public sealed class AgentHandshake
{
    private readonly string _sessionType;
    private readonly JsonElement? _properties;
    private readonly TimeProvider _time;
    private readonly string _agentVersion;
    private readonly FastModeSettings? _fastModeOffer;
    private long _startedAt;

    public AgentHandshake(string sessionType, JsonElement? properties, TimeProvider? timeProvider = null,
        string agentVersion = DataChannelVersions.Agent, FastModeSettings? fastModeOffer = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionType);
        _sessionType = sessionType;
        _properties = properties;
        _time = timeProvider ?? TimeProvider.System;
        _agentVersion = agentVersion;
        _fastModeOffer = fastModeOffer;
    }

    /// <summary>The fast-mode settings the client accepted (switch after sending HandshakeComplete); null for stock.</summary>
    public FastModeSettings? FastMode { get; private set; }

    public HandshakeState State { get; private set; }

    /// <summary>The client's version, known once the response arrived.</summary>
    public string? ClientVersion { get; private set; }

    /// <summary>Whether the stock agent runs a handshake for this session type (without KMS encryption).</summary>
    public static bool IsRequired(string sessionType) =>
        sessionType is SessionTypes.Port or SessionTypes.NonInteractiveCommands;

    /// <summary>Whether the client runs smux without keepalives (it reported a version above 1.2.331.0).</summary>
    public bool ClientDisablesSmuxKeepAlive => DataChannelVersions.IsGreaterThan(ClientVersion, DataChannelVersions.SmuxKeepAliveDisabledAfterClient);

    /// <summary>The payload of the <see cref="PayloadType.HandshakeRequest"/> message to send.</summary>
    public byte[] CreateRequest()
    {
        if (State != HandshakeState.NotStarted)
        {
            throw new HandshakeException($"the handshake request was already sent (state {State})");
        }
        _startedAt = _time.GetTimestamp();
        State = HandshakeState.InProgress;
        var parameters = DataChannelPayloads.ToJsonElement(new SessionTypeRequest(_sessionType, _properties));
        var actions = new List<RequestedClientAction>(2) { new(ActionTypes.SessionType, parameters) };
        if (_fastModeOffer is { } offer)
        {
            actions.Add(new RequestedClientAction(ActionTypes.SekishoFastMode, DataChannelPayloads.ToJsonElement(offer)));
        }
        return DataChannelPayloads.Serialize(new HandshakeRequestPayload(_agentVersion, actions));
    }

    /// <summary>
    /// Checks the client's <see cref="PayloadType.HandshakeResponse"/> and returns the payload of the
    /// <see cref="PayloadType.HandshakeComplete"/> message to send.
    /// </summary>
    /// <exception cref="HandshakeException">The response is out of turn or the client refused the session type.</exception>
    /// <exception cref="ClientMessageException">The payload is not a HandshakeResponse.</exception>
    public byte[] AcceptResponse(ReadOnlySpan<byte> payload)
    {
        if (State != HandshakeState.InProgress)
        {
            throw new HandshakeException($"a HandshakeResponse arrived in state {State}");
        }
        var response = DataChannelPayloads.ReadHandshakeResponse(payload);
        ClientVersion = response.ClientVersion;
        ProcessedClientAction? sessionAction = null;
        ProcessedClientAction? fastAction = null;
        foreach (var action in response.ProcessedClientActions)
        {
            if (action.ActionType == ActionTypes.SessionType)
            {
                sessionAction = action;
            }
            else if (action.ActionType == ActionTypes.SekishoFastMode)
            {
                fastAction = action;
            }
        }
        if (sessionAction is null)
        {
            throw new HandshakeException("the client's HandshakeResponse does not answer the SessionType action");
        }
        if (sessionAction.ActionStatus != ActionStatus.Success)
        {
            var errors = response.Errors is { Count: > 0 } list ? string.Join("; ", list) : sessionAction.Error;
            throw new HandshakeException(
                $"the client refused session type {_sessionType} (status {sessionAction.ActionStatus}): {errors}");
        }
        FastMode = AgreedFastMode(fastAction);
        State = HandshakeState.Complete;
        var elapsed = _time.GetElapsedTime(_startedAt);
        return DataChannelPayloads.Serialize(new HandshakeCompletePayload(elapsed.Ticks * 100, ""));
    }

    /// <summary>
    /// The settings when the client answered the offer with Success and usable values. A stock plugin answers an
    /// unknown action with no status (0) and ActionResult 3 (unsupported); anything but Success keeps the stock mode.
    /// </summary>
    private FastModeSettings? AgreedFastMode(ProcessedClientAction? answer)
    {
        if (_fastModeOffer is not { } offer || answer is not { ActionStatus: ActionStatus.Success, ActionResult: { } result })
        {
            return null;
        }
        try
        {
            return FastModeSettings.Agree(DataChannelPayloads.ReadFastModeSettings(result), offer);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether a received client stream message is to be processed. Before the handshake completes only the
    /// HandshakeResponse is; everything else is acknowledged (return true from the handler) and dropped.
    /// </summary>
    public bool ShouldDeliver(PayloadType payloadType) =>
        State == HandshakeState.Complete || payloadType == PayloadType.HandshakeResponse;
}
