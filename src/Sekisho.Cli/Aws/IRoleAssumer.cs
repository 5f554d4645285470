namespace Sekisho.Cli.Aws;

/// <summary>Calls STS AssumeRole with the source profile's credentials (<see cref="StsClient"/>; a fake in tests).</summary>
public interface IRoleAssumer
{
    Task<AwsCredentials> AssumeRoleAsync(AwsCredentials source, AssumeRoleRequest request, CancellationToken cancellationToken);
}
