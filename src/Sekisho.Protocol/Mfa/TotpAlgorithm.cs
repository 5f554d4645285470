namespace Sekisho.Protocol.Mfa;

/// <summary>The HMAC of RFC 6238. Virtual MFA devices (and AWS's) use SHA-1; the others exist for the RFC's vectors.</summary>
public enum TotpAlgorithm
{
    Sha1,
    Sha256,
    Sha512,
}
