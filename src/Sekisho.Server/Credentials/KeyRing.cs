using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Credentials;

/// <summary>
/// The rotating keys that seal self-contained blobs (session tokens, encoded authorization messages). Each blob
/// names its key: <c>[version 1][key id, 4 bytes big-endian][nonce][ciphertext][tag]</c>, the first five bytes
/// authenticated. The keys live in the store at <see cref="StoreKey"/>, each encrypted under the master key;
/// every replica holds them in memory, so opening a blob reads nothing. A rotated-in key becomes the sealing key
/// only after <see cref="ActivationDelay"/>, by which time every replica has refreshed and can open its blobs.
/// </summary>
public sealed class KeyRing
{
    public const string StoreKey = "/system/keyring";
    public static readonly TimeSpan ActivationDelay = TimeSpan.FromMinutes(2);
    private const byte Version = 1;
    private const int HeaderLength = 5;
    private const int KeepKeys = 4;

    private readonly IStore _store;
    private readonly SecretBox _keyWrap;
    private readonly TimeProvider _time;
    private volatile Snapshot _snapshot = new([], []);

    private sealed record RingKey(int Id, DateTimeOffset ActiveFrom, byte[] Material);

    private sealed record Snapshot(RingKey[] Keys, Dictionary<int, RingKey> ById);

    public KeyRing(IStore store, MasterKey master, TimeProvider time)
    {
        _store = store;
        _keyWrap = master.Box("sekisho/keyring");
        _time = time;
    }

    public int KeyCount => _snapshot.Keys.Length;

    /// <summary>Loads the ring from the store, creating its first key when there is none.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        var item = await _store.GetAsync(StoreKey, cancellationToken);
        if (item is null)
        {
            await RotateAsync(immediately: true, cancellationToken);
            return;
        }
        _snapshot = Decode(item.Value.Span);
    }

    /// <summary>Adds a new key (active after <see cref="ActivationDelay"/> unless <paramref name="immediately"/>) and drops the oldest beyond four.</summary>
    public async Task RotateAsync(bool immediately = false, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var item = await _store.GetAsync(StoreKey, cancellationToken);
            var current = item is null ? new Snapshot([], []) : Decode(item.Value.Span);
            var nextId = current.Keys.Length == 0 ? 1 : current.Keys[^1].Id + 1;
            var activeFrom = _time.GetUtcNow() + (immediately ? TimeSpan.Zero : ActivationDelay);
            var keys = current.Keys.Append(new RingKey(nextId, activeFrom, RandomNumberGenerator.GetBytes(32))).ToArray();
            if (keys.Length > KeepKeys) keys = keys[^KeepKeys..];
            var encoded = Encode(keys);
            var result = await _store.CommitAsync(new Transaction(
                [item is null ? Condition.Missing(StoreKey) : Condition.RevisionIs(StoreKey, item.Revision)],
                [Write.Put(StoreKey, encoded)]), cancellationToken);
            if (result.Committed)
            {
                _snapshot = Build(keys);
                return;
            }
        }
    }

    public byte[] Seal(string purpose, ReadOnlySpan<byte> plaintext)
    {
        var key = SealingKey();
        Span<byte> header = stackalloc byte[HeaderLength];
        header[0] = Version;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], key.Id);
        return new SecretBox(key.Material, purpose).Seal(plaintext, header);
    }

    /// <summary>Opens a blob sealed for <paramref name="purpose"/>; false when it is malformed, forged, or under an unknown key.</summary>
    public bool TryOpen(string purpose, ReadOnlySpan<byte> blob, out byte[] plaintext)
    {
        plaintext = [];
        if (blob.Length < HeaderLength || blob[0] != Version) return false;
        var id = BinaryPrimitives.ReadInt32BigEndian(blob[1..HeaderLength]);
        return _snapshot.ById.TryGetValue(id, out var key) && new SecretBox(key.Material, purpose).TryOpen(blob, HeaderLength, out plaintext);
    }

    private RingKey SealingKey()
    {
        var keys = _snapshot.Keys;
        if (keys.Length == 0) throw new InvalidOperationException("the key ring is not loaded");
        var now = _time.GetUtcNow();
        for (var i = keys.Length - 1; i >= 0; i--)
            if (keys[i].ActiveFrom <= now) return keys[i];
        return keys[0];
    }

    private byte[] Encode(RingKey[] keys)
    {
        var array = new JsonArray();
        foreach (var k in keys)
            array.Add(new JsonObject
            {
                ["id"] = k.Id,
                ["activeFrom"] = k.ActiveFrom.ToUnixTimeSeconds(),
                ["key"] = Convert.ToBase64String(_keyWrap.Seal(k.Material)),
            });
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["keys"] = array });
    }

    private Snapshot Decode(ReadOnlySpan<byte> json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var keys = new List<RingKey>();
        foreach (var node in root["keys"]!.AsArray())
        {
            var sealedKey = Convert.FromBase64String((string)node!["key"]!);
            if (!_keyWrap.TryOpen(sealedKey, out var material))
                throw new InvalidOperationException("the key ring in the store does not open with this master key (wrong master.key for this store?)");
            keys.Add(new RingKey((int)node["id"]!, DateTimeOffset.FromUnixTimeSeconds((long)node["activeFrom"]!), material));
        }
        return Build([.. keys]);
    }

    private static Snapshot Build(RingKey[] keys)
    {
        var byId = new Dictionary<int, RingKey>();
        foreach (var k in keys) byId[k.Id] = k;
        return new Snapshot(keys, byId);
    }
}
