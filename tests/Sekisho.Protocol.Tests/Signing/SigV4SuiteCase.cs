using System.Globalization;
using System.Text;
using System.Text.Json;
using Sekisho.Protocol.Signing;
using Sekisho.TestSupport;

namespace Sekisho.Protocol.Tests.Signing;

/// <summary>One folder of the aws-c-auth SigV4 signing suite in ../shared/conformance/sigv4/v4.</summary>
public sealed record SigV4SuiteCase(string Name, string Folder, SigV4Credentials Credentials, string Region, string Service,
    DateTimeOffset Timestamp, bool Normalize, bool SignBody, bool OmitSessionToken, TimeSpan Expires)
{
    public static string Root => RepoPaths.RequireShared("conformance/sigv4/v4");

    public static IEnumerable<object[]> Names() =>
        Directory.GetDirectories(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(n => new object[] { n! });

    public static SigV4SuiteCase Load(string name)
    {
        var folder = Path.Combine(Root, name);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "context.json")));
        var c = doc.RootElement;
        var creds = c.GetProperty("credentials");
        return new SigV4SuiteCase(name, folder,
            new SigV4Credentials(creds.GetProperty("access_key_id").GetString()!, creds.GetProperty("secret_access_key").GetString()!,
                creds.TryGetProperty("token", out var t) ? t.GetString() : null),
            c.GetProperty("region").GetString()!, c.GetProperty("service").GetString()!,
            DateTimeOffset.Parse(c.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture),
            c.GetProperty("normalize").GetBoolean(), c.GetProperty("sign_body").GetBoolean(),
            c.TryGetProperty("omit_session_token", out var o) && o.GetBoolean(),
            TimeSpan.FromSeconds(c.GetProperty("expiration_in_seconds").GetInt32()));
    }

    public string Read(string file) => File.ReadAllText(Path.Combine(Folder, file));

    /// <summary>Parses the suite's raw HTTP text: request line, headers (indented lines continue the previous one), body.</summary>
    public SigV4HttpRequest ParseRequest(string file)
    {
        var text = Read(file);
        var headerEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = headerEnd < 0 ? text : text[..headerEnd];
        var body = headerEnd < 0 ? "" : text[(headerEnd + 2)..];
        var lines = head.Split('\n');
        var requestLine = lines[0].Split(' ');
        var target = string.Join(' ', requestLine[1..^1]);
        var q = target.IndexOf('?', StringComparison.Ordinal);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            if (char.IsWhiteSpace(line[0]) && headers.Count > 0)
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + "\n" + line);
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }
        return new SigV4HttpRequest(requestLine[0], q < 0 ? target : target[..q], q < 0 ? "" : target[(q + 1)..], headers,
            Encoding.UTF8.GetBytes(body));
    }

    public override string ToString() => Name;
}
