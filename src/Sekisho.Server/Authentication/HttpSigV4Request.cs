using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sekisho.Protocol.Signing;

namespace Sekisho.Server.Authentication;

/// <summary>The request as SigV4 sees it: method, raw path and query as sent (not decoded), every header, the body.</summary>
public static class HttpSigV4Request
{
    public static SigV4HttpRequest From(HttpContext context, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var headers = new List<KeyValuePair<string, string>>(context.Request.Headers.Count + 1);
        foreach (var (name, values) in context.Request.Headers)
            foreach (var value in values)
                if (value is not null) headers.Add(new(name, value));
        return new SigV4HttpRequest(context.Request.Method, q < 0 ? rawTarget : rawTarget[..q], q < 0 ? "" : rawTarget[(q + 1)..], headers, body);
    }
}
