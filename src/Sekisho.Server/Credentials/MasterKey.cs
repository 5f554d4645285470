using System.Security.Cryptography;

namespace Sekisho.Server.Credentials;

/// <summary>
/// The 256-bit key in <c>DATA/master.key</c> (mode 0600) that encrypts everything secret the store holds: the
/// key ring's keys, secret access keys, MFA seeds. It never enters the store, so a copy of the database alone
/// reveals no secret.
/// </summary>
public sealed class MasterKey
{
    public const string FileName = "master.key";
    private readonly byte[] _key;

    private MasterKey(byte[] key) => _key = key;

    public static MasterKey Create(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
        {
            stream.Write(key);
            stream.Flush(flushToDisk: true);
        }
        return new MasterKey(key);
    }

    public static MasterKey Load(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: the data folder was not created by 'sekisho server init'");
        var key = File.ReadAllBytes(path);
        if (key.Length != 32) throw new InvalidOperationException($"{path} holds {key.Length} bytes, expected 32");
        return new MasterKey(key);
    }

    /// <summary>For tests and in-memory servers.</summary>
    public static MasterKey FromBytes(ReadOnlySpan<byte> key) =>
        key.Length == 32 ? new MasterKey(key.ToArray()) : throw new ArgumentException("a master key has 32 bytes", nameof(key));

    public SecretBox Box(string purpose) => new(_key, purpose);
}
