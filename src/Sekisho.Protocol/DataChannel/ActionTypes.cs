namespace Sekisho.Protocol.DataChannel;

/// <summary>The ActionType values of handshake actions.</summary>
public static class ActionTypes
{
    public const string SessionType = "SessionType";

    /// <summary>KMS encryption of the stream; Sekisho does not offer it and answers it as failed.</summary>
    public const string KmsEncryption = "KMSEncryption";

    /// <summary>
    /// Sekisho's fast mode, offered by Sekisho's agent only; a stock plugin answers it as unsupported, so it is
    /// used only between Sekisho's own client and agent (<see cref="FastModeSettings"/>).
    /// </summary>
    public const string SekishoFastMode = "SekishoFastMode";
}
