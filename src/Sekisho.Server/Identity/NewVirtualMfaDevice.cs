namespace Sekisho.Server.Identity;

/// <summary>A freshly created virtual MFA device: the only time its seed is seen in clear.</summary>
public sealed record NewVirtualMfaDevice(MfaDeviceRecord Device, byte[] Seed);
