namespace Sekisho.Server.Identity;

/// <summary>The AWS managed policies the bootstrap needs (the identity domain owns the full set).</summary>
public static class AwsManagedPolicies
{
    public const string AdministratorAccessArn = "arn:aws:iam::aws:policy/AdministratorAccess";

    public const string AdministratorAccess = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    public static string? Document(string arn) => arn == AdministratorAccessArn ? AdministratorAccess : null;
}
