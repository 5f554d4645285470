using System.Text;
using Sekisho.Server.Authorization;
using Sekisho.Server.Credentials;
using Sekisho.Server.Storage.Sqlite;

namespace Sekisho.Server.Tests.Core;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CredentialTests : IAsyncLifetime
{
    private TempSqliteStore _temp = null!;
    private SqliteStore _store = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempSqliteStore.OpenAsync("cred");
        _store = _temp.Store;
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Fact]
    public void The_master_key_file_is_owner_only_and_init_never_overwrites_it()
    {
        var key = MasterKey.Create(_temp.Directory);
        Assert.NotNull(key);
        var path = Path.Combine(_temp.Directory, MasterKey.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Throws<IOException>(() => MasterKey.Create(_temp.Directory));
    }

    [Fact]
    public async Task Rotation_keeps_older_blobs_openable_and_the_ring_survives_a_reload()
    {
        var master = MasterKey.FromBytes(new byte[32]);
        var ring = new KeyRing(_store, master, TimeProvider.System);
        await ring.LoadAsync();
        var before = ring.Seal("test", "hello"u8);
        await ring.RotateAsync(immediately: true);
        var after = ring.Seal("test", "world"u8);
        Assert.NotEqual(before.AsSpan(1, 4).ToArray(), after.AsSpan(1, 4).ToArray());

        var reloaded = new KeyRing(_store, master, TimeProvider.System);
        await reloaded.LoadAsync();
        Assert.Equal(2, reloaded.KeyCount);
        Assert.True(reloaded.TryOpen("test", before, out var a));
        Assert.Equal("hello", Encoding.UTF8.GetString(a));
        Assert.True(reloaded.TryOpen("test", after, out var b));
        Assert.Equal("world", Encoding.UTF8.GetString(b));
        Assert.False(reloaded.TryOpen("other purpose", after, out _));
        var tampered = (byte[])after.Clone();
        tampered[10] ^= 0x40;
        Assert.False(reloaded.TryOpen("test", tampered, out _));

        var wrongMaster = new KeyRing(_store, MasterKey.FromBytes(Enumerable.Repeat((byte)7, 32).ToArray()), TimeProvider.System);
        await Assert.ThrowsAsync<InvalidOperationException>(() => wrongMaster.LoadAsync());
    }

    [Fact]
    public async Task A_rotated_in_key_seals_only_after_the_activation_delay()
    {
        var clock = new SteppedClock();
        var ring = new KeyRing(_store, MasterKey.FromBytes(new byte[32]), clock);
        await ring.LoadAsync();
        await ring.RotateAsync();
        var first = ring.Seal("t", "x"u8);
        clock.Advance(KeyRing.ActivationDelay + TimeSpan.FromSeconds(1));
        var second = ring.Seal("t", "x"u8);
        Assert.Equal(1, first[4]);
        Assert.Equal(2, second[4]);
    }

    [Fact]
    public async Task Access_key_secrets_are_sealed_at_rest_and_resolve_to_the_issued_secret()
    {
        var master = MasterKey.FromBytes(new byte[32]);
        var keys = new AccessKeyStore(_store, master, TimeProvider.System);
        var (record, secret) = await keys.CreateAsync("111122223333", "alice", "AIDAALICE");
        Assert.True(CredentialIds.IsLongTermAccessKeyId(record.AccessKeyId));
        Assert.Equal(40, secret.Length);
        var raw = await _store.GetAsync(AccessKeyStore.Prefix + record.AccessKeyId);
        Assert.DoesNotContain(secret, Encoding.UTF8.GetString(raw!.Value.Span), StringComparison.Ordinal);
        var (resolved, clear) = await keys.ResolveAsync(record.AccessKeyId);
        Assert.Equal(secret, clear);
        Assert.Equal("alice", resolved!.UserName);
        Assert.True(await keys.SetStatusAsync(record.AccessKeyId, AccessKeyRecord.Inactive));
        Assert.False((await keys.ResolveAsync(record.AccessKeyId)).Record!.IsActive);
        Assert.True(await keys.DeleteAsync(record.AccessKeyId));
        Assert.Null((await keys.ResolveAsync(record.AccessKeyId)).Record);
    }

    [Fact]
    public async Task Encoded_authorization_messages_round_trip_and_refuse_anything_else()
    {
        var ring = new KeyRing(_store, MasterKey.FromBytes(new byte[32]), TimeProvider.System);
        await ring.LoadAsync();
        var messages = new AuthorizationMessages(ring);
        const string json = """{"allowed":false,"explicitDeny":true,"context":{"action":"iam:ListUsers"}}""";
        var encoded = messages.Encode(json);
        Assert.DoesNotContain("ListUsers", encoded, StringComparison.Ordinal);
        Assert.Equal(json, messages.TryDecode(encoded));
        Assert.Null(messages.TryDecode("not a message"));
        Assert.Null(messages.TryDecode(encoded[..^3] + (encoded[^3] == 'A' ? "B" : "A") + encoded[^2..]));
    }

    [Fact]
    public void Passwords_hash_as_ASP_NET_Identity_v3_and_verify()
    {
        var hash = PasswordHashing.Hash("correct horse battery staple");
        Assert.Equal(0x01, Convert.FromBase64String(hash)[0]);
        Assert.True(PasswordHashing.Verify(hash, "correct horse battery staple", out var rehash));
        Assert.False(rehash);
        Assert.False(PasswordHashing.Verify(hash, "Correct horse battery staple", out _));
        Assert.NotEqual(hash, PasswordHashing.Hash("correct horse battery staple"));
    }
}
