using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Sekisho.Server.Credentials;

namespace Sekisho.Server.Sessions;

/// <summary>
/// The data-channel tokens (StartSession's TokenValue, start_session's DataToken): sealed under the key ring
/// (AES-GCM, so verifying one is a constant-time tag check and needs no database read), bound to one account,
/// one session and one end. Binary inside so the base64url text stays under the model's 300 characters:
/// <c>[role 1][expiry unix seconds 8][account 12 ASCII][session id UTF-8]</c>.
/// </summary>
public sealed class StreamTokens(KeyRing ring, TimeProvider time)
{
    private const string Purpose = "sekisho/stream-token/v1";
    private const int AccountLength = 12;
    private const int FixedLength = 1 + 8 + AccountLength;

    /// <summary>How long a client token may wait before its socket opens (ResumeSession issues a new one).</summary>
    public static readonly TimeSpan ClientLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The agent's token serves reconnects for the whole session; the session's own end is checked too.</summary>
    public static readonly TimeSpan AgentLifetime = TimeSpan.FromHours(24);

    public string Issue(string account, string sessionId, StreamTokenRole role)
    {
        if (account.Length != AccountLength) throw new ArgumentException("an account id has 12 digits", nameof(account));
        var expiration = time.GetUtcNow() + (role == StreamTokenRole.Client ? ClientLifetime : AgentLifetime);
        var id = Encoding.UTF8.GetBytes(sessionId);
        var plain = new byte[FixedLength + id.Length];
        plain[0] = (byte)role;
        BinaryPrimitives.WriteInt64BigEndian(plain.AsSpan(1), expiration.ToUnixTimeSeconds());
        Encoding.ASCII.GetBytes(account, plain.AsSpan(9));
        id.CopyTo(plain, FixedLength);
        return Base64Url.EncodeToString(ring.Seal(Purpose, plain));
    }

    /// <summary>
    /// Opens a token presented for <paramref name="sessionId"/> by <paramref name="role"/>; on failure
    /// <paramref name="error"/> says why in words fit for a WebSocket close reason (never the token itself).
    /// </summary>
    public bool TryVerify(string token, string sessionId, StreamTokenRole role, out StreamTokenClaims claims, out string error)
    {
        claims = default;
        byte[] blob;
        try
        {
            blob = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            error = "the token is not valid";
            return false;
        }
        if (!ring.TryOpen(Purpose, blob, out var plain) || plain.Length <= FixedLength || plain[0] is not ((byte)StreamTokenRole.Client or (byte)StreamTokenRole.Agent))
        {
            error = "the token is not valid";
            return false;
        }
        var tokenRole = (StreamTokenRole)plain[0];
        var expiration = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(plain.AsSpan(1)));
        var account = Encoding.ASCII.GetString(plain, 9, AccountLength);
        var idBytes = plain.AsSpan(FixedLength);
        var wanted = Encoding.UTF8.GetBytes(sessionId);
        if (!CryptographicOperations.FixedTimeEquals(idBytes, wanted))
        {
            error = $"the token was issued for another session, not {sessionId}";
            return false;
        }
        if (tokenRole != role)
        {
            error = $"the token is for the {Name(tokenRole)} end of the session, not the {Name(role)} end";
            return false;
        }
        if (expiration <= time.GetUtcNow())
        {
            error = "the token has expired; call ResumeSession for a new one";
            return false;
        }
        claims = new StreamTokenClaims(account, sessionId, tokenRole, expiration);
        error = "";
        return true;
    }

    private static string Name(StreamTokenRole role) => role == StreamTokenRole.Client ? "client" : "agent";
}
