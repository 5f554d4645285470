using System.Security.Cryptography;
using System.Text.Json;

namespace Sekisho.Agent.State;

/// <summary>
/// The agent's state dir (default <c>/var/lib/sekisho</c>): <c>identity.json</c> and the node's private key
/// <c>node-key.pem</c> (PKCS#8). The dir is 0700 and every file 0600, written to a temporary file and renamed, so a
/// crash never leaves half a key. Credentials are never stored: they live in the agent's memory only.
/// </summary>
public sealed class AgentStateDir(string path)
{
    public const string DefaultPath = "/var/lib/sekisho";
    public const string IdentityFile = "identity.json";
    public const string KeyFile = "node-key.pem";

    private const UnixFileMode DirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode SecretMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string IdentityPath => System.IO.Path.Combine(Path, IdentityFile);

    public string KeyPath => System.IO.Path.Combine(Path, KeyFile);

    public bool IsRegistered => File.Exists(IdentityPath);

    public void Save(AgentIdentity identity, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(key);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the agent's state dir relies on Unix file modes");
        }
        Directory.CreateDirectory(Path, DirMode);
        // An existing dir keeps its mode on CreateDirectory: make sure nobody else can list or enter it.
        File.SetUnixFileMode(Path, DirMode);
        WriteSecret(KeyPath, key.ExportPkcs8PrivateKeyPem());
        WriteSecret(IdentityPath, JsonSerializer.Serialize(identity, AgentJsonContext.Default.AgentIdentity));
    }

    /// <exception cref="AgentException">Not registered, or a state file is unreadable or damaged.</exception>
    public (AgentIdentity Identity, ECDsa Key) Load()
    {
        if (!File.Exists(IdentityPath))
        {
            throw new AgentException($"this machine is not registered: {IdentityPath} does not exist (run 'sekisho agent register' first, or pass --state-dir)");
        }
        AgentIdentity identity;
        try
        {
            identity = JsonSerializer.Deserialize(File.ReadAllText(IdentityPath), AgentJsonContext.Default.AgentIdentity)
                       ?? throw new AgentException($"{IdentityPath} is empty");
        }
        catch (JsonException e)
        {
            throw new AgentException($"{IdentityPath} is damaged: {e.Message} (register again with --force)", e);
        }
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(KeyPath));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or FileNotFoundException)
        {
            key.Dispose();
            throw new AgentException($"the node key {KeyPath} is missing or damaged: {e.Message} (register again with --force)", e);
        }
        return (identity, key);
    }

    private static void WriteSecret(string path, string content)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the agent's state dir relies on Unix file modes");
        }
        var temp = path + ".tmp";
        File.Delete(temp);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = SecretMode,
        };
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }
        File.Move(temp, path, overwrite: true);
    }
}
