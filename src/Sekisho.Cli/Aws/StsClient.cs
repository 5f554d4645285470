using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Sekisho.Protocol.Signing;

namespace Sekisho.Cli.Aws;

/// <summary>STS AssumeRole over the query protocol, at the endpoint <see cref="AwsClientContext.Endpoint"/> gives for <c>sts</c>.</summary>
public sealed class StsClient(AwsClientContext context) : IRoleAssumer
{
    private static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";

    public async Task<AwsCredentials> AssumeRoleAsync(AwsCredentials source, AssumeRoleRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        var form = new List<KeyValuePair<string, string>>
        {
            new("Action", "AssumeRole"),
            new("Version", "2011-06-15"),
            new("RoleArn", request.RoleArn),
            new("RoleSessionName", request.RoleSessionName),
        };
        if (request.ExternalId is { } externalId) form.Add(new("ExternalId", externalId));
        if (request.DurationSeconds is { } duration) form.Add(new("DurationSeconds", duration.ToString(CultureInfo.InvariantCulture)));
        if (request.SerialNumber is { } serial) form.Add(new("SerialNumber", serial));
        if (request.TokenCode is { } code) form.Add(new("TokenCode", code));
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        var endpoint = context.Endpoint("sts", isCommandService: false);
        using var response = await AwsSignedRequest.PostAsync(context, endpoint, "sts", body,
            "application/x-www-form-urlencoded; charset=utf-8", [], source, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        XDocument document;
        try
        {
            document = XDocument.Parse(text);
        }
        catch (System.Xml.XmlException e)
        {
            throw new AwsServiceException($"STS at {endpoint} answered HTTP {(int)response.StatusCode} with a body that is not XML", e);
        }
        if (!response.IsSuccessStatusCode)
        {
            var error = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            throw new AwsServiceException(Child(error, "Code") ?? response.StatusCode.ToString(), Child(error, "Message") ?? "", "AssumeRole",
                response.StatusCode);
        }
        var credentials = document.Descendants(Sts + "Credentials").FirstOrDefault()
                          ?? document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Credentials")
                          ?? throw new AwsServiceException("MalformedResponse", "the AssumeRole response has no Credentials", "AssumeRole", HttpStatusCode.OK);
        var keyId = Child(credentials, "AccessKeyId");
        var secret = Child(credentials, "SecretAccessKey");
        var token = Child(credentials, "SessionToken");
        var expiration = Child(credentials, "Expiration");
        if (keyId is null || secret is null || token is null || expiration is null)
        {
            throw new AwsServiceException("MalformedResponse", "the AssumeRole response misses a credential field", "AssumeRole", HttpStatusCode.OK);
        }
        return new AwsCredentials(new SigV4Credentials(keyId, secret, token),
            AwsCredentialChain.ParseTime(expiration, "Expiration of AssumeRole"), $"role {request.RoleArn}");
    }

    private static string? Child(XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
