using System.Text;
using Sekisho.Server.Api;

namespace Sekisho.Server.Nodes;

/// <summary>NextToken for the SSM list operations: the last returned item's sort key, base64url-encoded.</summary>
public static class PageTokens
{
    public static string Encode(string lastKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes("v1:" + lastKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The key after which the page starts, null for the first page; a malformed token is InvalidNextToken.</summary>
    public static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        var buffer = new byte[base64.Length];
        if (Convert.TryFromBase64String(base64, buffer, out var length))
        {
            var text = Encoding.UTF8.GetString(buffer, 0, length);
            if (text.StartsWith("v1:", StringComparison.Ordinal)) return text[3..];
        }
        throw new AwsErrorException("InvalidNextToken", "The specified token isn't valid.");
    }
}
