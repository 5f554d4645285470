namespace Sekisho.Server.Identity;

public sealed partial class IdentityService
{
    /// <summary>The minimal password policy: AWS's default minimum length of 8.</summary>
    private static void CheckPassword(string password)
    {
        if (password.Length < 8)
            throw IamErrors.PasswordPolicy("Password should have a minimum length of 8");
    }

    public Task<LoginProfileRecord> CreateLoginProfileAsync(string accountId, string userName, string password, bool resetRequired, CancellationToken ct = default)
    {
        CheckPassword(password);
        return MutateAsync(async batch =>
        {
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            if (user.Value.LoginProfile is not null) throw IamErrors.AlreadyExists($"Login Profile for user {user.Value.UserName} already exists.");
            var profile = new LoginProfileRecord(passwords.Hash(password), Now, resetRequired);
            batch.Put(user, user.Value with { LoginProfile = profile });
            return profile;
        }, ct);
    }

    public async Task<LoginProfileRecord> GetLoginProfileAsync(string accountId, string userName, CancellationToken ct = default)
    {
        var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
        return user.Value.LoginProfile ?? throw IamErrors.NoSuchEntity($"Login Profile for User {user.Value.UserName} cannot be found.");
    }

    public Task UpdateLoginProfileAsync(string accountId, string userName, string? password, bool? resetRequired, CancellationToken ct = default)
    {
        if (password is not null) CheckPassword(password);
        return MutateAsync(async batch =>
        {
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            var profile = user.Value.LoginProfile ?? throw IamErrors.NoSuchEntity($"Login Profile for User {user.Value.UserName} cannot be found.");
            batch.Put(user, user.Value with
            {
                LoginProfile = profile with
                {
                    PasswordHash = password is null ? profile.PasswordHash : passwords.Hash(password),
                    PasswordResetRequired = resetRequired ?? profile.PasswordResetRequired,
                },
            });
        }, ct);
    }

    public Task DeleteLoginProfileAsync(string accountId, string userName, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            if (user.Value.LoginProfile is null) throw IamErrors.NoSuchEntity($"Login Profile for User {user.Value.UserName} cannot be found.");
            batch.Put(user, user.Value with { LoginProfile = null });
        }, ct);

    /// <summary>A user changes their own password: the old one must match (InvalidUserType when the caller has no password).</summary>
    public Task ChangePasswordAsync(string accountId, string userName, string oldPassword, string newPassword, CancellationToken ct = default)
    {
        CheckPassword(newPassword);
        return MutateAsync(async batch =>
        {
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            var profile = user.Value.LoginProfile ?? throw IamErrors.NoSuchEntity($"Login Profile for User {user.Value.UserName} cannot be found.");
            if (!passwords.Verify(profile.PasswordHash, oldPassword))
                throw IamErrors.InvalidUserType("The old password is incorrect.");
            batch.Put(user, user.Value with { LoginProfile = profile with { PasswordHash = passwords.Hash(newPassword), PasswordResetRequired = false } });
        }, ct);
    }

    /// <summary>Checks a console password (for the sign-in front end); false when the user has none or it does not match.</summary>
    public async Task<bool> VerifyPasswordAsync(string accountId, string userName, string password, CancellationToken ct = default)
    {
        var user = await GetAsync<UserRecord>(IdentityKeys.User(accountId, userName), ct).ConfigureAwait(false);
        return user?.Value.LoginProfile is { } profile && passwords.Verify(profile.PasswordHash, password);
    }
}
