using System.Security.Cryptography;
using Sekisho.Protocol.Mfa;

namespace Sekisho.Server.Identity;

public sealed partial class IdentityService
{
    internal const string SeedPurpose = "iam.mfa-seed";
    private const int SeedBytes = 20;

    private static string MfaKey(string accountId, string serial)
    {
        var prefix = $"arn:aws:iam::{accountId}:mfa/";
        return serial.StartsWith(prefix, StringComparison.Ordinal) && serial.Length > prefix.Length
            ? IdentityKeys.MfaDevice(accountId, serial[prefix.Length..])
            : throw IamErrors.NoSuchEntity($"VirtualMFADevice with serial number {serial} doesn't exist.");
    }

    private async Task<Loaded<MfaDeviceRecord>> RequireDeviceAsync(string accountId, string serial, CancellationToken ct) =>
        await GetAsync<MfaDeviceRecord>(MfaKey(accountId, serial), ct).ConfigureAwait(false)
        ?? throw IamErrors.NoSuchEntity($"VirtualMFADevice with serial number {serial} doesn't exist.");

    public Task<NewVirtualMfaDevice> CreateVirtualMfaDeviceAsync(string accountId, string deviceName, string? path, IReadOnlyList<Tag>? tags, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var p = path ?? "/";
            var serial = $"arn:aws:iam::{accountId}:mfa{p}{deviceName}";
            var key = MfaKey(accountId, serial);
            if (await GetAsync<MfaDeviceRecord>(key, ct).ConfigureAwait(false) is not null)
                throw IamErrors.AlreadyExists("MFADevice entity at the same path and name already exists.");
            var seed = RandomNumberGenerator.GetBytes(SeedBytes);
            var device = new MfaDeviceRecord(accountId, p, deviceName, serial, secrets.Protect(seed, SeedPurpose), Now, null, null, null,
                MergeTags([], tags ?? [], "MFADevice"));
            batch.Put(key, device, null);
            return new NewVirtualMfaDevice(device, seed, OtpAuthUri.Build("Sekisho", $"{deviceName}@{accountId}", seed));
        }, ct);

    public Task EnableMfaDeviceAsync(string accountId, string userName, string serial, string code1, string code2, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            var device = await RequireDeviceAsync(accountId, serial, ct).ConfigureAwait(false);
            if (device.Value.UserName is not null) throw IamErrors.AlreadyExists("MFA Device is already in use.");
            var step = MatchConsecutive(device.Value, code1, code2);
            batch.Put(device, device.Value with { UserName = user.Value.UserName, EnableDate = Now, LastAcceptedStep = step });
            batch.Put(user, user.Value with { MfaSerials = With(user.Value.MfaSerials, serial) });
        }, ct);

    public Task ResyncMfaDeviceAsync(string accountId, string userName, string serial, string code1, string code2, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var device = await RequireUserDeviceAsync(accountId, userName, serial, ct).ConfigureAwait(false);
            var step = MatchConsecutive(device.Value, code1, code2);
            batch.Put(device, device.Value with { LastAcceptedStep = step });
        }, ct);

    public Task DeactivateMfaDeviceAsync(string accountId, string userName, string serial, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            var device = await RequireUserDeviceAsync(accountId, userName, serial, ct).ConfigureAwait(false);
            batch.Put(device, device.Value with { UserName = null, EnableDate = null });
            batch.Put(user, user.Value with { MfaSerials = Without(user.Value.MfaSerials, serial) });
        }, ct);

    public Task DeleteVirtualMfaDeviceAsync(string accountId, string serial, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var device = await RequireDeviceAsync(accountId, serial, ct).ConfigureAwait(false);
            if (device.Value.UserName is not null) throw IamErrors.DeleteConflict("MFA device is still in use.");
            batch.Delete(device.Key, device.Revision);
        }, ct);

    /// <summary>The MFA devices enabled for a user (for ListMFADevices and STS).</summary>
    public async Task<IReadOnlyList<MfaDeviceRecord>> MfaDevicesForUserAsync(string accountId, string userName, CancellationToken ct = default)
    {
        var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
        var devices = new List<MfaDeviceRecord>();
        foreach (var serial in user.Value.MfaSerials)
            if (await GetAsync<MfaDeviceRecord>(MfaKey(accountId, serial), ct).ConfigureAwait(false) is { } d) devices.Add(d.Value);
        return devices;
    }

    /// <summary>Virtual devices of the account filtered by assignment status (Assigned, Unassigned, Any), in serial order.</summary>
    public Task<Page<MfaDeviceRecord>> ListVirtualMfaDevicesAsync(string accountId, string? assignmentStatus, string? marker, int? maxItems, CancellationToken ct = default) =>
        ListAsync<MfaDeviceRecord>(IdentityKeys.MfaDevices(accountId), marker, maxItems, assignmentStatus switch
        {
            "Assigned" => d => d.UserName is not null,
            "Unassigned" => d => d.UserName is null,
            _ => null,
        }, ct);

    /// <summary>
    /// Checks one TOTP code of a user's enabled device (for STS with SerialNumber/TokenCode): each code accepted once.
    /// Returns false for a wrong, replayed or unknown device.
    /// </summary>
    public Task<bool> VerifyMfaCodeAsync(string accountId, string userName, string serial, string code, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var device = await GetAsync<MfaDeviceRecord>(MfaKey(accountId, serial), ct).ConfigureAwait(false);
            if (device is not { } d || d.Value.UserName is null || !string.Equals(d.Value.UserName, userName, StringComparison.OrdinalIgnoreCase)) return false;
            var seed = secrets.Unprotect(d.Value.ProtectedSeed, SeedPurpose);
            var step = new TotpVerifier(time).Match(seed, code, d.Value.LastAcceptedStep);
            CryptographicOperations.ZeroMemory(seed);
            if (step is null) return false;
            batch.Put(d, d.Value with { LastAcceptedStep = step });
            return true;
        }, ct);

    private async Task<Loaded<MfaDeviceRecord>> RequireUserDeviceAsync(string accountId, string userName, string serial, CancellationToken ct)
    {
        var device = await RequireDeviceAsync(accountId, serial, ct).ConfigureAwait(false);
        if (device.Value.UserName is null || !string.Equals(device.Value.UserName, userName, StringComparison.OrdinalIgnoreCase))
            throw IamErrors.NoSuchEntity($"MFA Device with serial number {serial} is not enabled for user {userName}.");
        return device;
    }

    private long MatchConsecutive(MfaDeviceRecord device, string code1, string code2)
    {
        var seed = secrets.Unprotect(device.ProtectedSeed, SeedPurpose);
        try
        {
            var step = new TotpVerifier(time).MatchConsecutive(seed, code1, code2);
            if (step is null || (device.LastAcceptedStep is { } last && step <= last))
                throw IamErrors.InvalidCode("Authentication code for device is not valid.");
            return step.Value;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The seed of a device, decrypted (for tests and the device's own user at creation only).</summary>
    internal byte[] RevealSeed(MfaDeviceRecord device) => secrets.Unprotect(device.ProtectedSeed, SeedPurpose);
}
