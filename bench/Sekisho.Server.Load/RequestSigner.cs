using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sekisho.Protocol.Signing;

namespace Sekisho.Server.Load;

/// <summary>
/// Writes one freshly signed SigV4 query POST per call into a caller's buffer, as an SDK would: the signing key
/// is derived once per day (SDKs cache it the same way), the canonical request, string to sign and signature
/// are computed for every request. Signed headers: content-type, host, x-amz-date.
/// </summary>
public sealed class RequestSigner
{
    private const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";
    private readonly string _host;
    private readonly string _accessKeyId;
    private readonly string _secret;
    private readonly string _region;
    private readonly string _service;
    private readonly byte[] _body;
    private readonly string _payloadHash;
    private string _keyDate = "";
    private byte[] _key = [];

    public RequestSigner(string host, string accessKeyId, string secret, string region, string service, byte[] body)
    {
        _host = host;
        _accessKeyId = accessKeyId;
        _secret = secret;
        _region = region;
        _service = service;
        _body = body;
        _payloadHash = SigV4.HexSha256(body);
    }

    /// <summary>Writes the whole request (head and body) into <paramref name="buffer"/>; returns its length.</summary>
    public int Write(byte[] buffer, DateTime utcNow)
    {
        var amzDate = utcNow.ToString(SigV4.AmzDateFormat, CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        if (date != _keyDate)
        {
            _key = SigV4.SigningKey(_secret, date, _region, _service);
            _keyDate = date;
        }
        var scope = $"{date}/{_region}/{_service}/aws4_request";
        var canonical = $"POST\n/\n\ncontent-type:{ContentType}\nhost:{_host}\nx-amz-date:{amzDate}\n\ncontent-type;host;x-amz-date\n{_payloadHash}";
        var stringToSign = $"{SigV4.Algorithm}\n{amzDate}\n{scope}\n{SigV4.HexSha256(Encoding.UTF8.GetBytes(canonical))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
        var head = string.Create(CultureInfo.InvariantCulture,
            $"POST / HTTP/1.1\r\nHost: {_host}\r\nContent-Type: {ContentType}\r\nX-Amz-Date: {amzDate}\r\n" +
            $"Authorization: {SigV4.Algorithm} Credential={_accessKeyId}/{scope}, SignedHeaders=content-type;host;x-amz-date, Signature={signature}\r\n" +
            $"Content-Length: {_body.Length}\r\n\r\n");
        var n = Encoding.ASCII.GetBytes(head, buffer);
        _body.CopyTo(buffer, n);
        return n + _body.Length;
    }
}
