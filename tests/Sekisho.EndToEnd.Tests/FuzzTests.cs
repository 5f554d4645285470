using System.Text;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// Thousands of mutated, correctly signed STS and IAM requests: the server may refuse each, but must never answer
/// with a 5xx (that would be a crash path reachable by any key holder).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FuzzTests(ServerProcess server)
{
    private static readonly string[] Seeds =
    [
        "Action=GetCallerIdentity&Version=2011-06-15",
        "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=900",
        "Action=GetSessionToken&Version=2011-06-15&SerialNumber=arn%3Aaws%3Aiam%3A%3A111122223333%3Amfa%2Ffuzz&TokenCode=123456",
        "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2FR&RoleSessionName=s&DurationSeconds=900&Tags.member.1.Key=k&Tags.member.1.Value=v&TransitiveTagKeys.member.1=k",
        "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2FR&RoleSessionName=s&Policy=%7B%22Version%22%3A%222012-10-17%22%7D&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess",
        "Action=DecodeAuthorizationMessage&Version=2011-06-15&EncodedMessage=abc",
    ];

    private const string Alphabet = "=&%.-_~+*/:{}[]\"\\\0\u00e9\u4e2d0123456789aAzZ ";

    [Fact]
    public async Task MutatedSignedRequests_NeverGetA5xx()
    {
        var client = new SignedClient(server);
        var random = new Random(20261121);
        var failures = new List<string>();
        const int count = 2000;
        var tasks = new List<Task>();
        using var gate = new SemaphoreSlim(8);
        for (var i = 0; i < count; i++)
        {
            var form = Mutate(Seeds[random.Next(Seeds.Length)], random);
            await gate.WaitAsync();
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    var (status, body) = await client.PostAsync("sts", form, client.Admin);
                    if (status >= 500)
                        lock (failures) failures.Add($"{status} for {System.Text.Json.JsonSerializer.Serialize(form)}: {body}");
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        await Task.WhenAll(tasks);
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} requests got a 5xx, e.g. {string.Join("\n", failures.Take(3))}");
    }

    private static string Mutate(string seed, Random random)
    {
        var text = new StringBuilder(seed);
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits; e++)
        {
            var at = text.Length == 0 ? 0 : random.Next(text.Length);
            switch (random.Next(5))
            {
                case 0 when text.Length > 0: text.Remove(at, 1); break;
                case 1: text.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                case 2 when text.Length > 0: text[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                case 3: text.Insert(at, new string('9', 1 + random.Next(30))); break;
                default:
                    var cut = random.Next(at, text.Length + 1);
                    text.Remove(at, cut - at);
                    break;
            }
        }
        return text.ToString();
    }
}
