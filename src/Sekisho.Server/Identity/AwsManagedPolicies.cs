namespace Sekisho.Server.Identity;

/// <summary>
/// The AWS managed policies present in every account (<c>arn:aws:iam::aws:policy/...</c>), with the documents of
/// their current default versions as the AWS managed policy reference publishes them. ReadOnlyAccess is the
/// exception: AWS's document lists thousands of actions; this one keeps its shape (read verbs of every service)
/// for the services Sekisho re-creates.
/// </summary>
public static class AwsManagedPolicies
{
    private static readonly DateTimeOffset Epoch = new(2015, 2, 6, 18, 39, 46, TimeSpan.Zero);

    private static readonly (string Name, string Path, string Version, string Description, string Document)[] Known =
    [
        ("AdministratorAccess", "/", "v1", "Provides full access to AWS services and resources.",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"""),
        ("PowerUserAccess", "/", "v5", "Provides full access to AWS services and resources, but does not allow management of Users and groups.",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["account:GetAccountInformation","account:GetPrimaryEmail","account:ListRegions","iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization"],"Resource":"*"}]}"""),
        ("ReadOnlyAccess", "/", "v1", "Provides read-only access to AWS services and resources.",
            """{"Version":"2012-10-17","Statement":[{"Sid":"ReadOnlyActions","Effect":"Allow","Action":["iam:Get*","iam:List*","iam:Generate*","iam:Simulate*","sts:GetCallerIdentity","ssm:Describe*","ssm:Get*","ssm:List*","organizations:Describe*","organizations:List*","sso:Describe*","sso:Get*","sso:List*"],"Resource":"*"}]}"""),
        ("IAMUserChangePassword", "/", "v2", "Provides the ability for an IAM user to change their own password.",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ChangePassword"],"Resource":["arn:aws:iam::*:user/${aws:username}"]},{"Effect":"Allow","Action":["iam:GetAccountPasswordPolicy"],"Resource":"*"}]}"""),
        ("IAMSelfManageServiceSpecificCredentials", "/", "v1", "Allows an IAM user to manage their own Service Specific Credentials.",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:CreateServiceSpecificCredential","iam:ListServiceSpecificCredentials","iam:UpdateServiceSpecificCredential","iam:DeleteServiceSpecificCredential","iam:ResetServiceSpecificCredential"],"Resource":"arn:aws:iam::*:user/${aws:username}"}]}"""),
        ("AmazonSSMManagedInstanceCore", "/", "v2", "The policy for Amazon EC2 Role to enable AWS Systems Manager service core functionality.",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:DescribeAssociation","ssm:GetDeployablePatchSnapshotForInstance","ssm:GetDocument","ssm:DescribeDocument","ssm:GetManifest","ssm:GetParameter","ssm:GetParameters","ssm:ListAssociations","ssm:ListInstanceAssociations","ssm:PutInventory","ssm:PutComplianceItems","ssm:PutConfigurePackageResult","ssm:UpdateAssociationStatus","ssm:UpdateInstanceAssociationStatus","ssm:UpdateInstanceInformation"],"Resource":"*"},{"Effect":"Allow","Action":["ssmmessages:CreateControlChannel","ssmmessages:CreateDataChannel","ssmmessages:OpenControlChannel","ssmmessages:OpenDataChannel"],"Resource":"*"},{"Effect":"Allow","Action":["ec2messages:AcknowledgeMessage","ec2messages:DeleteMessage","ec2messages:FailMessage","ec2messages:GetEndpoint","ec2messages:GetMessages","ec2messages:SendReply"],"Resource":"*"}]}"""),
        ("AmazonSSMFullAccess", "/", "v5", "Provides full access to Amazon SSM.",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudwatch:PutMetricData","ds:CreateComputer","ds:DescribeDirectories","ec2:DescribeInstanceStatus","logs:*","ssm:*","ec2messages:*"],"Resource":"*"},{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"arn:aws:iam::*:role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForAmazonSSM*","Condition":{"StringLike":{"iam:AWSServiceName":"ssm.amazonaws.com"}}},{"Effect":"Allow","Action":["iam:DeleteServiceLinkedRole","iam:GetServiceLinkedRoleDeletionStatus"],"Resource":"arn:aws:iam::*:role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForAmazonSSM*"},{"Effect":"Allow","Action":["ssmmessages:CreateControlChannel","ssmmessages:CreateDataChannel","ssmmessages:OpenControlChannel","ssmmessages:OpenDataChannel"],"Resource":"*"}]}"""),
    ];

    /// <summary>Every AWS managed policy, as a record with zero attachments, in name order.</summary>
    public static IReadOnlyList<ManagedPolicyRecord> All { get; } = Build();

    public const string ArnPrefix = "arn:aws:iam::aws:policy";

    public const string AdministratorAccessArn = "arn:aws:iam::aws:policy/AdministratorAccess";

    public const string AdministratorAccess = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    /// <summary>The default version's document of the AWS managed policy with this ARN, or null.</summary>
    public static string? Document(string arn)
    {
        foreach (var p in All)
            if (p.Arn == arn) return p.DefaultVersion.Document;
        return null;
    }

    /// <summary>The AWS managed policy named <paramref name="name"/> (case-insensitively), or null.</summary>
    public static ManagedPolicyRecord? Find(string name)
    {
        foreach (var p in All)
            if (string.Equals(p.PolicyName, name, StringComparison.OrdinalIgnoreCase)) return p;
        return null;
    }

    private static ManagedPolicyRecord[] Build()
    {
        var list = new List<ManagedPolicyRecord>();
        foreach (var (name, path, version, description, document) in Known)
        {
            // Stable ids per policy, like AWS's (the same in every account).
            var id = "ANPA" + StableSuffix(name);
            list.Add(new ManagedPolicyRecord("aws", name, path, id, Epoch, Epoch, description, version,
                [new PolicyVersionRecord(version, document, Epoch)], 0, 0, 0, []));
        }
        list.Sort((a, b) => string.CompareOrdinal(a.PolicyName.ToLowerInvariant(), b.PolicyName.ToLowerInvariant()));
        return [.. list];
    }

    private static string StableSuffix(string name)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        var chars = new char[17];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[hash[i] & 31];
        return new string(chars);
    }
}
