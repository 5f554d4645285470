using System.Text;
using Sekisho.Protocol.Mfa;
using Sekisho.Protocol.Signing;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// An IAM user with an access key and an enabled virtual MFA device, made by an administrator over
/// <see cref="IamQuery"/>. The device was enabled with the codes of the previous and current 30-second steps, so
/// the next code this user may present is <see cref="NextCode"/> (each code is accepted once).
/// </summary>
public sealed record MfaUser(string Account, string UserName, SigV4Credentials Key, string Serial, byte[] Seed, long EnabledAtStep)
{
    public string Arn => $"arn:aws:iam::{Account}:user/{UserName}";

    /// <summary>The code of the step after the one the device was enabled at: accepted once, for one to two steps.</summary>
    public string NextCode() => Totp.ComputeForStep(Seed, EnabledAtStep + 1);

    public static async Task<MfaUser> CreateAsync(IamQuery iam, SigV4Credentials admin, string account, string userName, string identityPolicy)
    {
        await iam.IamAsync(admin, "CreateUser", ("UserName", userName));
        await iam.IamAsync(admin, "PutUserPolicy", ("UserName", userName), ("PolicyName", "Self"), ("PolicyDocument", identityPolicy));
        var key = await iam.IamAsync(admin, "CreateAccessKey", ("UserName", userName));
        var device = await iam.IamAsync(admin, "CreateVirtualMFADevice", ("VirtualMFADeviceName", userName));
        var serial = device.Value("SerialNumber");
        var seedText = Encoding.ASCII.GetString(Convert.FromBase64String(device.Value("Base32StringSeed")));
        var seed = Base32.Decode(seedText) ?? throw new InvalidDataException($"the seed '{seedText}' is not Base32");
        var step = Totp.Step(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await iam.IamAsync(admin, "EnableMFADevice", ("UserName", userName), ("SerialNumber", serial),
            ("AuthenticationCode1", Totp.ComputeForStep(seed, step - 1)), ("AuthenticationCode2", Totp.ComputeForStep(seed, step)));
        return new MfaUser(account, userName, new SigV4Credentials(key.Value("AccessKeyId"), key.Value("SecretAccessKey")), serial, seed, step);
    }
}
