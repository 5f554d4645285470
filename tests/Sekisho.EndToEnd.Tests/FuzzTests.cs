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

    // Read-only IAM calls (mutations must not litter the shared account), some with UserName omitted, which a
    // role session cannot omit.
    private static readonly string[] IamSeeds =
    [
        "Action=GetUser&Version=2010-05-08",
        "Action=GetUser&Version=2010-05-08&UserName=admin",
        "Action=ListAccessKeys&Version=2010-05-08",
        "Action=ListUsers&Version=2010-05-08&PathPrefix=%2F&MaxItems=5",
        "Action=ListUserTags&Version=2010-05-08&UserName=admin&MaxItems=1",
        "Action=GetAccessKeyLastUsed&Version=2010-05-08&AccessKeyId=AKIAEXAMPLEEXAMPLE00",
        "Action=ListMFADevices&Version=2010-05-08",
        "Action=GetAccountAuthorizationDetails&Version=2010-05-08&Filter.member.1=User&MaxItems=2",
        "Action=SimulatePrincipalPolicy&Version=2010-05-08&PolicySourceArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Auser%2Fadmin&ActionNames.member.1=iam%3AGetUser",
    ];

    private const string Alphabet = "=&%.-_~+*/:{}[]\"\\\0\u00e9\u4e2d0123456789aAzZ ";

    [Fact]
    public async Task MutatedSignedRequests_NeverGetA5xx()
    {
        var client = new SignedClient(server);
        var iam = new IamQuery(client);
        var role = "Fuzz-" + Guid.NewGuid().ToString("N")[..6];
        await iam.IamAsync(client.Admin, "CreateRole", ("RoleName", role), ("AssumeRolePolicyDocument",
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{ServerProcess.AccountId}}:root"},"Action":"sts:AssumeRole"}]}"""));
        await iam.IamAsync(client.Admin, "AttachRolePolicy", ("RoleName", role), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess"));
        var assumed = await iam.StsAsync(client.Admin, "AssumeRole", ("RoleArn", $"arn:aws:iam::{ServerProcess.AccountId}:role/{role}"), ("RoleSessionName", "fuzz"));
        Protocol.Signing.SigV4Credentials[] callers = [client.Admin, new(assumed.Value("AccessKeyId"), assumed.Value("SecretAccessKey"), assumed.Value("SessionToken"))];
        var random = new Random(20261121);
        var failures = new List<string>();
        const int count = 3000;
        var tasks = new List<Task>();
        using var gate = new SemaphoreSlim(8);
        for (var i = 0; i < count; i++)
        {
            var isIam = i % 3 == 2;
            var form = Mutate(isIam ? IamSeeds[random.Next(IamSeeds.Length)] : Seeds[random.Next(Seeds.Length)], random);
            var caller = callers[random.Next(callers.Length)];
            await gate.WaitAsync();
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    var (status, body) = await client.PostAsync(isIam ? "iam" : "sts", form, caller);
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
