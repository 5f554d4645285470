namespace Sekisho.Server.Identity;

/// <summary>
/// A virtual MFA device. The TOTP seed is kept only encrypted. <see cref="UserName"/> is set once enabled;
/// <see cref="LastAcceptedStep"/> makes each code usable once.
/// </summary>
public sealed record MfaDeviceRecord(
    string AccountId,
    string Path,
    string DeviceName,
    string SerialNumber,
    string ProtectedSeed,
    DateTimeOffset CreateDate,
    string? UserName,
    DateTimeOffset? EnableDate,
    long? LastAcceptedStep,
    IReadOnlyList<Tag> Tags);
