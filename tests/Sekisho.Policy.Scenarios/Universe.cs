namespace Sekisho.Policy.Scenarios;

/// <summary>A caller of a generated request: an IAM user (long-term keys) or a role session.</summary>
internal sealed record PrincipalInfo(
    string Arn,
    string Account,
    string? UserName,
    string? RoleName,
    string? SessionName,
    string UserId,
    IReadOnlyDictionary<string, string> Tags)
{
    public bool IsSession => RoleName is not null;

    /// <summary>The role's ARN for a session (what aws:PrincipalArn holds), else the user's ARN.</summary>
    public string PrincipalArn => IsSession ? $"arn:aws:iam::{Account}:role/{RoleName}" : Arn;
}

/// <summary>An action with the concrete resources a request for it may name, in a given account.</summary>
internal sealed record ActionSpec(string Action, Func<PrincipalInfo, string, Random, string> Resource, bool Tagging = false)
{
    public string Service => Action[..Action.IndexOf(':', StringComparison.Ordinal)];

    public string Name => Action[(Action.IndexOf(':', StringComparison.Ordinal) + 1)..];
}

/// <summary>The fixed world the generator draws from: two accounts, their users, roles, sessions, actions and ARNs.</summary>
internal static class Universe
{
    public const string Home = "111122223333";
    public const string Other = "444455556666";
    public const string HomeBucket = "sekisho-team-data";
    public const string OtherBucket = "partner-exchange";

    private static Dictionary<string, string> Tags(params string[] pairs)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < pairs.Length; i += 2) tags[pairs[i]] = pairs[i + 1];
        return tags;
    }

    public static readonly IReadOnlyList<PrincipalInfo> Users =
    [
        new($"arn:aws:iam::{Home}:user/alice", Home, "alice", null, null, "AIDAEXAMPLEALICE0001", Tags("Project", "Blue", "Team", "ops")),
        new($"arn:aws:iam::{Home}:user/bob", Home, "bob", null, null, "AIDAEXAMPLEBOB000002", Tags("Project", "Red")),
        new($"arn:aws:iam::{Home}:user/engineering/carol", Home, "carol", null, null, "AIDAEXAMPLECAROL0003", Tags("Project", "Blue", "Team", "dev")),
        new($"arn:aws:iam::{Other}:user/dave", Other, "dave", null, null, "AIDAEXAMPLEDAVE00004", Tags("Team", "audit")),
    ];

    public static readonly IReadOnlyList<PrincipalInfo> Sessions =
    [
        new($"arn:aws:sts::{Home}:assumed-role/Ops/alice", Home, null, "Ops", "alice", "AROAEXAMPLEOPS000001:alice", Tags("Project", "Blue", "Team", "ops")),
        new($"arn:aws:sts::{Home}:assumed-role/Dev/bob-cli", Home, null, "Dev", "bob-cli", "AROAEXAMPLEDEV000002:bob-cli", Tags("Project", "Red", "Team", "dev")),
        new($"arn:aws:sts::{Home}:assumed-role/Ops/i-0abc1234def567890", Home, null, "Ops", "i-0abc1234def567890", "AROAEXAMPLEOPS000001:i-0abc1234def567890", Tags("Project", "Blue")),
        new($"arn:aws:sts::{Other}:assumed-role/Auditor/erin", Other, null, "Auditor", "erin", "AROAEXAMPLEAUD000003:erin", Tags("Team", "audit")),
    ];

    public static readonly IReadOnlyList<string> Roles = ["Ops", "Dev", "Auditor"];

    private static string SelfName(PrincipalInfo p) => p.UserName ?? p.SessionName ?? "alice";

    private static string Region(Random r) => r.NextDouble() < 0.8 ? "us-east-1" : "eu-west-1";

    private static string Instance(string account, Random r) =>
        $"arn:aws:ec2:{Region(r)}:{account}:instance/{(r.NextDouble() < 0.7 ? "i-0abc1234def567890" : "i-0fed9876cba543210")}";

    private static string Node(string account, Random r) => r.Next(3) switch
    {
        0 => $"arn:aws:ssm:{Region(r)}:{account}:managed-instance/mi-0123456789abcdef0",
        1 => Instance(account, r),
        _ => $"arn:aws:ssm:{Region(r)}:{account}:document/SSM-SessionManagerRunShell",
    };

    private static string Bucket(string account) => account == Home ? HomeBucket : OtherBucket;

    private static string ObjectKey(PrincipalInfo p, Random r) => r.Next(4) switch
    {
        0 => $"{SelfName(p)}/notes.txt",
        1 => "shared/report.csv",
        2 => p.Tags.TryGetValue("Project", out var project) ? $"{project}/plan.md" : "Blue/plan.md",
        _ => "bob/secret.txt",
    };

    private static string User(PrincipalInfo p, string account, Random r)
    {
        if (r.NextDouble() < 0.6 && p.UserName is not null && p.Account == account) return p.Arn;
        return r.Next(3) switch
        {
            0 => $"arn:aws:iam::{account}:user/alice",
            1 => $"arn:aws:iam::{account}:user/bob",
            _ => $"arn:aws:iam::{account}:user/engineering/carol",
        };
    }

    public static readonly IReadOnlyList<ActionSpec> Actions =
    [
        new("ssm:StartSession", (p, a, r) => Node(a, r)),
        new("ssm:SendCommand", (p, a, r) => Instance(a, r)),
        new("ssm:TerminateSession", (p, a, r) => $"arn:aws:ssm:{Region(r)}:{a}:session/{(r.NextDouble() < 0.6 ? SelfName(p) : "bob")}-0a1b2c3d4e5f6a7b8"),
        new("ssm:ResumeSession", (p, a, r) => $"arn:aws:ssm:{Region(r)}:{a}:session/{(r.NextDouble() < 0.6 ? SelfName(p) : "carol")}-0a1b2c3d4e5f6a7b8"),
        new("ssm:DescribeSessions", (p, a, r) => "*"),
        new("ssm:AddTagsToResource", (p, a, r) => $"arn:aws:ssm:{Region(r)}:{a}:managed-instance/mi-0123456789abcdef0", Tagging: true),
        new("s3:GetObject", (p, a, r) => $"arn:aws:s3:::{Bucket(a)}/{ObjectKey(p, r)}"),
        new("s3:PutObject", (p, a, r) => $"arn:aws:s3:::{Bucket(a)}/{ObjectKey(p, r)}"),
        new("s3:DeleteObject", (p, a, r) => $"arn:aws:s3:::{Bucket(a)}/{ObjectKey(p, r)}"),
        new("s3:ListBucket", (p, a, r) => $"arn:aws:s3:::{Bucket(a)}"),
        new("ec2:StartInstances", (p, a, r) => Instance(a, r)),
        new("ec2:StopInstances", (p, a, r) => Instance(a, r)),
        new("ec2:TerminateInstances", (p, a, r) => Instance(a, r)),
        new("ec2:CreateTags", (p, a, r) => Instance(a, r), Tagging: true),
        new("ec2:DescribeInstances", (p, a, r) => "*"),
        new("iam:GetUser", User),
        new("iam:CreateAccessKey", User),
        new("iam:ChangePassword", User),
        new("iam:TagUser", User, Tagging: true),
        new("iam:CreateVirtualMFADevice", (p, a, r) => $"arn:aws:iam::{a}:mfa/{(r.NextDouble() < 0.7 ? SelfName(p) : "bob")}"),
        new("iam:ListUsers", (p, a, r) => "*"),
        new("iam:PassRole", (p, a, r) => $"arn:aws:iam::{a}:role/{Roles[r.Next(Roles.Count)]}"),
        new("sts:AssumeRole", (p, a, r) => $"arn:aws:iam::{a}:role/{Roles[r.Next(Roles.Count)]}", Tagging: true),
        new("sts:GetCallerIdentity", (p, a, r) => "*"),
    ];

    /// <summary>Actions of the same service that are not the request's, for statements that must not match.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> OtherActions = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["ssm"] = ["ssm:GetDocument", "ssm:StartAutomationExecution", "ssm:DescribeInstanceInformation"],
        ["s3"] = ["s3:GetBucketPolicy", "s3:PutBucketTagging", "s3:GetObjectAcl"],
        ["ec2"] = ["ec2:RunInstances", "ec2:DeleteTags", "ec2:DescribeVolumes"],
        ["iam"] = ["iam:DeleteUser", "iam:ListAccessKeys", "iam:AttachUserPolicy"],
        ["sts"] = ["sts:TagSession", "sts:GetSessionToken", "sts:AssumeRoleWithSAML"],
    };
}
