namespace Sekisho.Protocol.Mfa;

/// <summary>The <c>otpauth://totp/...</c> URI that authenticator apps scan (Google Authenticator's key URI format).</summary>
public static class OtpAuthUri
{
    public static string Build(string issuer, string accountName, ReadOnlySpan<byte> seed) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(accountName)}" +
        $"?secret={Base32.Encode(seed)}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Totp.DefaultDigits}&period={Totp.DefaultStepSeconds}";
}
