using Sekisho.Protocol.Signing;

namespace Sekisho.EndToEnd.Tests;

/// <summary>Malformed and hostile input over raw signed requests: AWS's error codes, never a 5xx.</summary>
[Collection(ServerCollection.Name)]
public sealed class BadInputTests(ServerProcess server)
{
    private readonly SignedClient _client = new(server);

    [Fact]
    public async Task UnknownAction_IsInvalidAction()
    {
        var (status, body) = await _client.PostAsync("sts", "Action=BecomeRoot&Version=2011-06-15", _client.Admin);
        Assert.Equal(400, status);
        Assert.Contains("<Code>InvalidAction</Code>", body);
    }

    [Fact]
    public async Task MalformedQueryString_IsAClientError()
    {
        var (status, body) = await _client.PostAsync("sts", "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=%zz&&=", _client.Admin);
        Assert.InRange(status, 400, 499);
        Assert.Contains("<Code>", body);
    }

    [Fact]
    public async Task NonNumericDuration_IsAValidationError()
    {
        var (status, body) = await _client.PostAsync("sts", "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=soon", _client.Admin);
        Assert.InRange(status, 400, 499);
        Assert.Contains("<Code>", body);
    }

    [Fact]
    public async Task SessionDurationBelowTheMinimum_IsAValidationError()
    {
        // The AWS CLI refuses 899 itself; the server must too.
        var (status, body) = await _client.PostAsync("sts", "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=899", _client.Admin);
        Assert.Equal(400, status);
        Assert.Contains("<Code>ValidationError</Code>", body);
    }

    [Fact]
    public async Task RequestSignedTwentyMinutesAgo_IsRefused()
    {
        var (status, body) = await _client.PostAsync("sts", "Action=GetCallerIdentity&Version=2011-06-15", _client.Admin,
            DateTimeOffset.UtcNow.AddMinutes(-20));
        Assert.Equal(403, status);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", body);
        Assert.Contains("expired", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ForgedSessionToken_IsRefused()
    {
        var forged = new SigV4Credentials("ASIAEXAMPLEEXAMPLE00", "secret", "bm90LWEtdG9rZW4");
        var (status, body) = await _client.PostAsync("sts", "Action=GetCallerIdentity&Version=2011-06-15", forged);
        Assert.Equal(403, status);
        Assert.Contains("<Code>InvalidClientTokenId</Code>", body);
    }

    [Fact]
    public async Task OversizedSessionPolicy_IsRefusedWithAValidationError()
    {
        var policy = Uri.EscapeDataString("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\""
            + new string('a', 3000) + "\"}]}");
        var (status, body) = await _client.PostAsync("sts",
            $"Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::{ServerProcess.AccountId}:role/R&RoleSessionName=s&Policy={policy}", _client.Admin);
        Assert.InRange(status, 400, 499);
        Assert.Contains("<Code>", body);
    }
}
