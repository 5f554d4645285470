using Sekisho.Server.Credentials;

namespace Sekisho.Server.Identity;

/// <summary>A freshly created access key: the only time its secret is seen in clear.</summary>
public sealed record NewAccessKey(AccessKeyRecord Key, string SecretAccessKey);
