using System.Text;
using System.Xml.Linq;
using Sekisho.Protocol.Signing;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// IAM and STS calls over raw signed query POSTs (<see cref="SignedClient"/>): quick set-up and state reads in
/// tests where the AWS CLI's start-up time per call would dominate. Answers are parsed as XML.
/// </summary>
public sealed class IamQuery(SignedClient client)
{
    public sealed record Answer(int Status, string Body)
    {
        public XDocument Xml => XDocument.Parse(Body);

        public string? Code => Xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;

        /// <summary>The first element with this local name, anywhere in the answer.</summary>
        public string Value(string name) =>
            Xml.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value
            ?? throw new InvalidDataException($"no <{name}> in {Body}");

        public IReadOnlyList<string> Values(string name) =>
            [.. Xml.Descendants().Where(e => e.Name.LocalName == name).Select(e => e.Value)];
    }

    /// <summary>Calls IAM and fails the test unless it answers 200.</summary>
    public async Task<Answer> IamAsync(SigV4Credentials credentials, string action, params (string Key, string Value)[] parameters)
    {
        var answer = await TryAsync("iam", credentials, action, parameters);
        Assert.True(answer.Status == 200, $"iam:{action} answered {answer.Status}: {answer.Body}");
        return answer;
    }

    public Task<Answer> TryIamAsync(SigV4Credentials credentials, string action, params (string Key, string Value)[] parameters) =>
        TryAsync("iam", credentials, action, parameters);

    public async Task<Answer> StsAsync(SigV4Credentials credentials, string action, params (string Key, string Value)[] parameters)
    {
        var answer = await TryAsync("sts", credentials, action, parameters);
        Assert.True(answer.Status == 200, $"sts:{action} answered {answer.Status}: {answer.Body}");
        return answer;
    }

    public async Task<Answer> TryAsync(string service, SigV4Credentials credentials, string action, params (string Key, string Value)[] parameters)
    {
        var form = new StringBuilder("Action=").Append(action).Append("&Version=").Append(service == "iam" ? "2010-05-08" : "2011-06-15");
        foreach (var (key, value) in parameters)
            form.Append('&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        var (status, body) = await client.PostAsync(service, form.ToString(), credentials);
        return new Answer(status, body);
    }

    /// <summary>Parameters for an IAM <c>Tags</c> list.</summary>
    public static IEnumerable<(string, string)> Tags(params (string Key, string Value)[] tags)
    {
        for (var i = 0; i < tags.Length; i++)
        {
            yield return ($"Tags.member.{i + 1}.Key", tags[i].Key);
            yield return ($"Tags.member.{i + 1}.Value", tags[i].Value);
        }
    }
}
