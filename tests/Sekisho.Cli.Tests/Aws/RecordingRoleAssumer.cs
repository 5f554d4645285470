using Sekisho.Cli.Aws;
using Sekisho.Protocol.Signing;

namespace Sekisho.Cli.Tests.Aws;

/// <summary>A fake STS: records each AssumeRole with the key it was signed with, and returns keys named after the role.</summary>
internal sealed class RecordingRoleAssumer : IRoleAssumer
{
    public List<(string SourceKeyId, AssumeRoleRequest Request)> Calls { get; } = [];

    public Task<AwsCredentials> AssumeRoleAsync(AwsCredentials source, AssumeRoleRequest request, CancellationToken cancellationToken)
    {
        Calls.Add((source.Credentials.AccessKeyId, request));
        var role = request.RoleArn[(request.RoleArn.LastIndexOf('/') + 1)..];
        return Task.FromResult(new AwsCredentials(new SigV4Credentials("ASIA-" + role, "secret-" + role, "token-" + role),
            DateTimeOffset.UtcNow.AddHours(1), "role " + request.RoleArn));
    }
}
