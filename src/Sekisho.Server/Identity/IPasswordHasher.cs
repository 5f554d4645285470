namespace Sekisho.Server.Identity;

/// <summary>Hashes console passwords (PBKDF2, implemented by server-core's credentials code).</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    bool Verify(string hash, string password);
}
