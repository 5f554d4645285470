using Sekisho.Protocol.Signing;

namespace Sekisho.EndToEnd.Tests;

/// <summary>GetAccessKeyLastUsed: N/A for a key never used, then the date, service and region of its last signed request.</summary>
[Collection(ServerCollection.Name)]
public sealed class AccessKeyLastUsedTests(ServerProcess server)
{
    private readonly SignedClient _client = new(server);

    [Fact]
    public async Task LastUse_IsTheDateServiceAndRegionOfTheLatestSignedRequest()
    {
        var iam = new IamQuery(_client);
        var user = "used-" + Guid.NewGuid().ToString("N")[..6];
        await iam.IamAsync(_client.Admin, "CreateUser", ("UserName", user));
        var created = await iam.IamAsync(_client.Admin, "CreateAccessKey", ("UserName", user));
        var key = new SigV4Credentials(created.Value("AccessKeyId"), created.Value("SecretAccessKey"));

        var never = await iam.IamAsync(_client.Admin, "GetAccessKeyLastUsed", ("AccessKeyId", key.AccessKeyId));
        Assert.Equal(user, never.Value("UserName"));
        Assert.Equal("N/A", never.Value("ServiceName"));
        Assert.Equal("N/A", never.Value("Region"));
        Assert.Empty(never.Values("LastUsedDate"));

        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var (status, body) = await _client.PostAsync("sts", "Action=GetCallerIdentity&Version=2011-06-15", key, region: "eu-west-1");
        Assert.True(status == 200, body);
        var used = await iam.IamAsync(_client.Admin, "GetAccessKeyLastUsed", ("AccessKeyId", key.AccessKeyId));
        Assert.Equal("sts", used.Value("ServiceName"));
        Assert.Equal("eu-west-1", used.Value("Region"));
        var at = DateTimeOffset.Parse(used.Value("LastUsedDate"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, before, DateTimeOffset.UtcNow.AddSeconds(1));

        // A refused request (wrong secret) is not a use of the key.
        (status, _) = await _client.PostAsync("iam", "Action=GetUser&Version=2010-05-08", key with { SecretAccessKey = key.SecretAccessKey + "x" }, region: "ap-south-1");
        Assert.Equal(403, status);
        var still = await iam.IamAsync(_client.Admin, "GetAccessKeyLastUsed", ("AccessKeyId", key.AccessKeyId));
        Assert.Equal("eu-west-1", still.Value("Region"));
    }
}
