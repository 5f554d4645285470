namespace Sekisho.Server.Identity;

/// <summary>
/// A freshly created virtual MFA device: the only time its seed is seen in clear, with the <c>otpauth://</c> URI an
/// authenticator app reads (the IAM API has no member for it; the console and CLI show it).
/// </summary>
public sealed record NewVirtualMfaDevice(MfaDeviceRecord Device, byte[] Seed, string OtpAuthUri);
