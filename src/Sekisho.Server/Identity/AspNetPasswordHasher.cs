using Sekisho.Server.Credentials;

namespace Sekisho.Server.Identity;

/// <summary>Login profile passwords through server-core's <see cref="PasswordHashing"/> (ASP.NET Identity v3 PBKDF2).</summary>
public sealed class AspNetPasswordHasher : IPasswordHasher
{
    public string Hash(string password) => PasswordHashing.Hash(password);

    public bool Verify(string hash, string password) => PasswordHashing.Verify(hash, password, out _);
}
