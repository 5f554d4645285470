namespace Sekisho.Protocol.DataChannel;

/// <summary>The ActionType values of handshake actions.</summary>
public static class ActionTypes
{
    public const string SessionType = "SessionType";

    /// <summary>KMS encryption of the stream; Sekisho does not offer it and answers it as failed.</summary>
    public const string KmsEncryption = "KMSEncryption";
}
