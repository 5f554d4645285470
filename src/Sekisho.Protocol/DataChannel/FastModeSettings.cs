using System.Text.Json.Serialization;

namespace Sekisho.Protocol.DataChannel;

/// <summary>
/// Sekisho's fast mode between its own client and agent (the <see cref="ActionTypes.SekishoFastMode"/> handshake
/// action): Output payloads of up to <see cref="MaxPayload"/> bytes instead of 1,024, a flow-control window of
/// <see cref="WindowBytes"/> payload bytes sent but not yet consumed by the peer's reader (so a slow reader stops the
/// writer without resends), and cumulative acknowledgements (<see cref="MessageTypes.FastAcknowledge"/>) sent every
/// <see cref="AckEveryMessages"/> messages, on a quarter window consumed, or on the next tick.
/// </summary>
/// <remarks>The agent offers its values; the client answers with the smaller of each and both use the answer.</remarks>
public sealed record FastModeSettings(
    [property: JsonPropertyName("Version")] int Version,
    [property: JsonPropertyName("MaxPayload")] int MaxPayload,
    [property: JsonPropertyName("WindowBytes")] long WindowBytes)
{
    public const int CurrentVersion = 1;

    /// <summary>The environment variable that turns fast mode off on the client (and the agent) for comparisons.</summary>
    public const string EnvironmentVariable = "SEKISHO_FAST_MODE";

    /// <summary>In-order messages received before a cumulative acknowledgement is sent.</summary>
    [JsonIgnore]
    public int AckEveryMessages { get; init; } = 4;

    /// <summary>
    /// The smallest retransmission timeout: in fast mode the transport is one TCP connection per hop, so a message is
    /// lost only with its socket (and a new socket resends everything at once); a short timer only resends spuriously.
    /// </summary>
    [JsonIgnore]
    public TimeSpan MinRetransmissionTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether stream payloads go without their SHA-256 (written as zeros, not checked); false keeps them as in the
    /// stock mode. Both ends must agree (<see cref="Agree"/>: skipped only if both skip; an offer without the field
    /// keeps digests, which is also what the source-generated reader's default gives). Sekisho's default skips them:
    /// SHA-256 costs about 0.8 CPU s per GiB here even with SHA-NI, twice per byte (written, checked), some 12 % of a
    /// tunnel's CPU, while TLS already protects the integrity of each hop (see the DataChannel README).
    /// </summary>
    [JsonPropertyName("SkipPayloadDigests")]
    public bool SkipPayloadDigests { get; init; }

    /// <summary>Whether payload digests are written and checked (not <see cref="SkipPayloadDigests"/>).</summary>
    [JsonIgnore]
    public bool PayloadDigests => !SkipPayloadDigests;

    /// <summary>256 KiB payloads (under the relay's 1 MiB frame limit), a 16 MiB window, no payload digests.</summary>
    public static FastModeSettings Default { get; } = new(CurrentVersion, 256 * 1024, 16L * 1024 * 1024) { SkipPayloadDigests = true };

    /// <summary><see cref="Default"/>, or null when <c>SEKISHO_FAST_MODE=off</c> (then the client answers as a stock plugin).</summary>
    public static FastModeSettings? FromEnvironment() =>
        string.Equals(Environment.GetEnvironmentVariable(EnvironmentVariable), "off", StringComparison.OrdinalIgnoreCase) ? null : Default;

    /// <summary>What both ends use when one offers <paramref name="offer"/> and the other can do <paramref name="own"/>.</summary>
    /// <exception cref="ArgumentException">The offer's values are unusable.</exception>
    public static FastModeSettings Agree(FastModeSettings offer, FastModeSettings own)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(own);
        if (offer.Version < 1 || offer.MaxPayload < ClientMessageLayout.StockMaxPayload || offer.WindowBytes < 2L * offer.MaxPayload)
        {
            throw new ArgumentException(
                $"fast mode offer (version {offer.Version}, max payload {offer.MaxPayload}, window {offer.WindowBytes}) needs version >= 1, " +
                $"max payload >= {ClientMessageLayout.StockMaxPayload} and a window of at least two payloads", nameof(offer));
        }
        var maxPayload = Math.Min(offer.MaxPayload, own.MaxPayload);
        return own with
        {
            Version = Math.Min(offer.Version, own.Version),
            MaxPayload = maxPayload,
            WindowBytes = Math.Max(Math.Min(offer.WindowBytes, own.WindowBytes), 2L * maxPayload),
            SkipPayloadDigests = offer.SkipPayloadDigests && own.SkipPayloadDigests,
        };
    }
}
