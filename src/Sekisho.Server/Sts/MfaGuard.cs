using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sekisho.Server.Api;
using Sekisho.Server.Identity;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Sts;

/// <summary>
/// Checks the <c>SerialNumber</c> + <c>TokenCode</c> of an STS call: the identity domain accepts each code once
/// (last accepted step per device, ±1 step) and this guard limits failures per device (<see cref="MaxFailures"/> in
/// <see cref="Window"/>), both through compare-and-set on the store so the limits hold across replicas.
/// </summary>
public sealed class MfaGuard(IStore store, TimeProvider time, IServiceProvider services)
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public const string InvalidCodeMessage = "MultiFactorAuthentication failed with invalid MFA one time pass code.";

    public const string TooManyAttemptsMessage = "MultiFactorAuthentication failed, too many attempts. Try again later.";

    /// <summary>Returns when the code is accepted; throws <see cref="AwsErrorException"/> (AccessDenied) otherwise.</summary>
    public async Task VerifyAsync(string account, string userName, string serial, string code, CancellationToken ct)
    {
        var key = AttemptsKey(account, serial);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var (attempts, _) = await LoadAsync(key, ct).ConfigureAwait(false);
        if (Recent(attempts, now).Count >= MaxFailures) throw new AwsErrorException("AccessDenied", TooManyAttemptsMessage, 403);

        // Without the identity domain there are no devices, so no code can be right.
        var identity = services.GetService<IdentityService>();
        if (identity is not null && await VerifyAsync(identity, account, userName, serial, code, ct).ConfigureAwait(false)) return;
        await RecordFailureAsync(key, ct).ConfigureAwait(false);
        throw new AwsErrorException("AccessDenied", InvalidCodeMessage, 403);
    }

    // A serial number that names no device of this account is a wrong code to AWS, not a separate error.
    private static async Task<bool> VerifyAsync(IdentityService identity, string account, string userName, string serial, string code, CancellationToken ct)
    {
        try
        {
            return await identity.VerifyMfaCodeAsync(account, userName, serial, code, ct).ConfigureAwait(false);
        }
        catch (IamException e) when (e.Error.Code == "NoSuchEntity")
        {
            return false;
        }
    }

    private async Task RecordFailureAsync(string key, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            var (attempts, revision) = await LoadAsync(key, ct).ConfigureAwait(false);
            var failures = Recent(attempts, now);
            failures.Add(now);
            var value = JsonSerializer.SerializeToUtf8Bytes(new MfaAttempts(failures));
            var condition = revision is { } r ? Condition.RevisionIs(key, r) : Condition.Missing(key);
            var result = await store.CommitAsync(new Transaction([condition], [Write.Put(key, value)]), ct).ConfigureAwait(false);
            if (result.Committed) return;
        }
        throw new StorageConflictException($"could not record a failed MFA attempt at {key} after 20 tries");
    }

    private async Task<(MfaAttempts Attempts, long? Revision)> LoadAsync(string key, CancellationToken ct)
    {
        var item = await store.GetAsync(key, ct).ConfigureAwait(false);
        if (item is null) return (new MfaAttempts([]), null);
        return (JsonSerializer.Deserialize<MfaAttempts>(item.Value.Span) ?? new MfaAttempts([]), item.Revision);
    }

    private static List<long> Recent(MfaAttempts attempts, long now)
    {
        var recent = new List<long>(attempts.Failures.Count + 1);
        foreach (var t in attempts.Failures)
            if (now - t < (long)Window.TotalSeconds) recent.Add(t);
        return recent;
    }

    // Serial numbers are ARNs (with slashes); a hash keeps the key one path segment.
    private static string AttemptsKey(string account, string serial) =>
        $"/accounts/{account}/mfa-attempts/{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(serial)))}";
}
