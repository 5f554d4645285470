using Sekisho.Protocol.Signing;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// IAM authorizes an action on an existing user, group or role against its ARN with the path it was created
/// under, though the request names it without one: a policy on <c>user/team/*</c> reaches users created under
/// <c>/team/</c> and nobody else, and denials name the ARN with its path.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class IamPathAuthorizationTests(ServerProcess server)
{
    private readonly IamQuery _iam = new(new SignedClient(server));
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..6];

    private SigV4Credentials Admin => new(server.AdminKeyId, server.AdminSecret);

    private static string Account => ServerProcess.AccountId;

    [Fact]
    public async Task APolicyScopedToTheTeamPath_ReachesTeamEntitiesOnly()
    {
        var member = "member-" + _suffix;
        var outsider = "outsider-" + _suffix;
        var teamRole = "TeamRole-" + _suffix;
        var otherRole = "OtherRole-" + _suffix;
        var teamGroup = "TeamGroup-" + _suffix;
        await _iam.IamAsync(Admin, "CreateUser", ("UserName", member), ("Path", "/team/"));
        await _iam.IamAsync(Admin, "CreateUser", ("UserName", outsider));
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{Account}}:root"},"Action":"sts:AssumeRole"}]}""";
        await _iam.IamAsync(Admin, "CreateRole", ("RoleName", teamRole), ("Path", "/team/"), ("AssumeRolePolicyDocument", trust));
        await _iam.IamAsync(Admin, "CreateRole", ("RoleName", otherRole), ("AssumeRolePolicyDocument", trust));
        await _iam.IamAsync(Admin, "CreateGroup", ("GroupName", teamGroup), ("Path", "/team/"));

        var lead = await MfaUser.CreateAsync(_iam, Admin, Account, "lead-" + _suffix, $$"""
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["iam:GetUser", "iam:TagUser", "iam:DeleteUser", "iam:CreateAccessKey", "iam:GetAccessKeyLastUsed"],
               "Resource": "arn:aws:iam::{{Account}}:user/team/*"},
              {"Effect": "Allow", "Action": ["iam:TagRole", "iam:GetRole"], "Resource": "arn:aws:iam::{{Account}}:role/team/*"},
              {"Effect": "Allow", "Action": "iam:GetGroup", "Resource": "arn:aws:iam::{{Account}}:group/team/*"}
            ]}
            """);

        // Users: the team's member by its path, the outsider refused with its own ARN named.
        await _iam.IamAsync(lead.Key, "TagUser", [("UserName", member), .. IamQuery.Tags(("Team", "yes"))]);
        var user = await _iam.IamAsync(lead.Key, "GetUser", ("UserName", member));
        Assert.Equal($"arn:aws:iam::{Account}:user/team/{member}", user.Value("Arn"));
        await Denied(lead.Key, $"arn:aws:iam::{Account}:user/{outsider}", "iam:TagUser", "TagUser", [("UserName", outsider), .. IamQuery.Tags(("Team", "no"))]);
        await Denied(lead.Key, $"arn:aws:iam::{Account}:user/{outsider}", "iam:DeleteUser", "DeleteUser", ("UserName", outsider));
        // An action the policy does not grant is denied on the member's ARN with its path.
        await Denied(lead.Key, $"arn:aws:iam::{Account}:user/team/{member}", "iam:ListUserTags", "ListUserTags", ("UserName", member));

        // A key's last use is authorized on its owner, path included.
        var key = await _iam.IamAsync(lead.Key, "CreateAccessKey", ("UserName", member));
        var lastUsed = await _iam.IamAsync(lead.Key, "GetAccessKeyLastUsed", ("AccessKeyId", key.Value("AccessKeyId")));
        Assert.Equal(member, lastUsed.Value("UserName"));
        var outsiderKey = await _iam.IamAsync(Admin, "CreateAccessKey", ("UserName", outsider));
        await Denied(lead.Key, $"arn:aws:iam::{Account}:user/{outsider}", "iam:GetAccessKeyLastUsed", "GetAccessKeyLastUsed",
            ("AccessKeyId", outsiderKey.Value("AccessKeyId")));

        // Roles and groups the same way.
        await _iam.IamAsync(lead.Key, "TagRole", [("RoleName", teamRole), .. IamQuery.Tags(("Team", "yes"))]);
        await Denied(lead.Key, $"arn:aws:iam::{Account}:role/{otherRole}", "iam:TagRole", "TagRole", [("RoleName", otherRole), .. IamQuery.Tags(("Team", "no"))]);
        await _iam.IamAsync(lead.Key, "GetGroup", ("GroupName", teamGroup));

        // Deleting: the member (once its key is gone) but not the outsider.
        await _iam.IamAsync(Admin, "DeleteAccessKey", ("UserName", member), ("AccessKeyId", key.Value("AccessKeyId")));
        await _iam.IamAsync(lead.Key, "DeleteUser", ("UserName", member));
        var gone = await _iam.TryIamAsync(Admin, "GetUser", ("UserName", member));
        Assert.Equal("NoSuchEntity", gone.Code);
        await _iam.IamAsync(Admin, "GetUser", ("UserName", outsider));
    }

    private async Task Denied(SigV4Credentials credentials, string resource, string action, string operation, params (string, string)[] parameters)
    {
        var answer = await _iam.TryIamAsync(credentials, operation, parameters);
        Assert.Equal(403, answer.Status);
        Assert.Equal("AccessDenied", answer.Code);
        Assert.Contains($"is not authorized to perform: {action} on resource: {resource} ", answer.Value("Message"));
    }
}
