namespace Sekisho.Cli.Aws;

/// <summary>What StartSession and ResumeSession answer: the session and where and how to open its data channel.</summary>
public sealed record SessionStream(string SessionId, string StreamUrl, string TokenValue)
{
    public override string ToString() => $"SessionStream {{ SessionId = {SessionId}, StreamUrl = {StreamUrl} }}";
}
